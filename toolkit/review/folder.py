"""A run's output folder under review: its segments read from ``report.json``, each one
checked again with the evaluate library, saved as a draft, approved into the memory, and
the run's files rewritten with the approved text.

The review's own state (a version counter and the draft of each target, the wordings the
reviewers put in place of glossary terms, the glossary changes accepted) lives in the run
folder as ``.toolkit-review.json``, a file the manifest does not list, so a later
``toolkit run --force`` keeps it. Every change is made under a lock on the folder's
``.toolkit-review.lock``: two reviewers (two windows, two servers) take turns, and a save
over a newer version of a segment than the one it edited is refused (:class:`Conflict`).
"""

from __future__ import annotations

import contextlib
import difflib
import json
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from toolkit.errors import GlossaryError, InputError, OutputError, ToolkitError
from toolkit.glossary.model import Glossary, Term
from toolkit.publish import MANIFEST, digest, publish, read_manifest
from toolkit.results import Problem, SegmentTranslation, TermOutcome, Translation

STATE = ".toolkit-review.json"
"""The review's state file, in the run folder (not in its manifest)."""
LOCK = ".toolkit-review.lock"
PROPOSAL = "glossary-proposal.tsv"
"""The glossary with the accepted changes, written beside the run (never the original)."""
PROPOSE_AT = 2
"""Approved edits with the same other wording for a term, from which a change is proposed."""


class Conflict(ToolkitError):
    """A save or approval of a segment over a newer version than the one it edited."""

    def __init__(self, message: str, current: TargetView) -> None:
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class Badge:
    """One source term occurrence of a segment and what its target makes of it: ``status``
    is the machine's (``model``, ``substituted``...) while the text is the machine's,
    ``reviewer`` once a person wrote it, ``missing`` when no accepted rendering is there."""

    term: str
    expected: str
    status: str
    form: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "term": self.term,
            "expected": self.expected,
            "status": self.status,
            "form": self.form,
        }


@dataclass(frozen=True)
class FindingView:
    """A finding of the segment's check, as the page shows it."""

    check: str
    severity: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"check": self.check, "severity": self.severity, "message": self.message}


@dataclass(frozen=True)
class TargetView:
    """One segment's translation into one language, as it stands now."""

    lang: str
    text: str
    version: int
    draft: bool
    approved: Mapping[str, str] | None
    badges: tuple[Badge, ...]
    findings: tuple[FindingView, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "text": self.text,
            "version": self.version,
            "draft": self.draft,
            "approved": dict(self.approved) if self.approved else None,
            "badges": [b.to_dict() for b in self.badges],
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class Row:
    """One segment (a sentence, or a clause of a split one): its source and each target."""

    index: int
    line: int
    source: str
    targets: tuple[TargetView, ...]


@dataclass(frozen=True)
class Proposal:
    """A glossary change the approved edits suggest: reviewers wrote ``wording`` where the
    glossary wants ``expected`` for ``term`` in ``lang``, in ``count`` approved segments."""

    term: str
    lang: str
    expected: str
    wording: str
    count: int
    segments: tuple[int, ...]
    accepted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "lang": self.lang,
            "expected": self.expected,
            "wording": self.wording,
            "count": self.count,
            "segments": list(self.segments),
            "accepted": self.accepted,
        }


@dataclass
class _State:
    versions: dict[str, int] = field(default_factory=dict)
    drafts: dict[str, str] = field(default_factory=dict)
    replacements: list[dict[str, Any]] = field(default_factory=list)
    accepted: list[dict[str, str]] = field(default_factory=list)
    report: str = ""
    """The digest of the ``report.json`` the state belongs to: another run's drops drafts."""
    proposal: str = ""
    """The digest of the ``glossary-proposal.tsv`` the page last wrote."""


class ChangedOnDisk(OutputError):
    """A file the page would write is not the one the toolkit last wrote there (a
    translation edited by hand, a terminologist's edits of the proposal, a file of the
    user's): it is kept, and the write refused."""


UNREADABLE = "unreadable"
"""The digest of a file that cannot be read as UTF-8: it matches no digest the page wrote,
nor the empty one of a file the page never wrote."""


def _file_digest(path: Path) -> str:
    """:func:`toolkit.publish.digest` of a file's bytes (:data:`UNREADABLE` for a file that
    is not UTF-8, such as a spreadsheet's UTF-16 export)."""
    try:
        return digest(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return UNREADABLE


def _key(lang: str, index: int) -> str:
    return f"{lang}#{index}"


class ReviewFolder:
    """A toolkit run's output folder, reviewed (see the module docstring)."""

    def __init__(
        self,
        folder: str | Path,
        glossary: Glossary | None = None,
        *,
        reviewer: str = "reviewer",
        memory: str | Path | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.reviewer = reviewer
        self.memory_path = Path(memory) if memory is not None else None
        self._thread_lock = threading.Lock()
        self._checked: dict[
            tuple[str, str, str], tuple[tuple[Badge, ...], tuple[FindingView, ...]]
        ] = {}
        self._read()
        self.glossary = glossary
        ref = self.report.get("signature", {}).get("glossary")
        if glossary is None and ref:
            raise GlossaryError(
                f"{self.folder}: the run used the glossary {ref.get('name')}; pass it with "
                "{option:glossary}"
            )
        if glossary is not None and not ref:
            raise GlossaryError(
                f"{self.folder}: the run used no glossary; review it without {{option:glossary}}"
            )
        if glossary is not None and ref and ref.get("hash") != glossary.hash:
            raise GlossaryError(
                f"{self.folder}: the run used another glossary than {glossary.name} "
                f"({ref.get('name')}, {ref.get('hash')}); pass the run's with {{option:glossary}}"
            )

    # -- reading -----------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.folder.resolve().name

    def _read(self) -> None:
        if not self.folder.is_dir():
            raise InputError(f"{self.folder}: no such folder")
        try:
            manifest = read_manifest(self.folder)
        except OutputError as exc:
            raise InputError(str(exc)) from None
        if manifest is None or "report.json" not in manifest.files:
            raise InputError(
                f"{self.folder}: not a toolkit run's folder (no report.json in {MANIFEST})"
            )
        self.manifest = manifest
        try:
            text = (self.folder / "report.json").read_text(encoding="utf-8")
            report = json.loads(text)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{self.folder}/report.json: cannot read ({exc})") from None
        languages = report.get("languages") if isinstance(report, dict) else None
        if not isinstance(languages, dict) or not languages:
            raise InputError(f"{self.folder}: a run with no translation (nothing to review)")
        self.report: dict[str, Any] = report
        self.report_digest = digest(text)
        self.languages: tuple[str, ...] = tuple(languages)

    def refresh(self) -> None:
        """Read the folder again when another writer (a second server, a new run) has
        changed its ``report.json`` since."""
        try:
            manifest = read_manifest(self.folder)
        except OutputError:
            manifest = None
        if manifest is None or manifest.files.get("report.json") != self.report_digest:
            self._read()

    def _segments(self, lang: str) -> list[dict[str, Any]]:
        return list(self.report["languages"][lang]["translation"]["segments"])

    def rows(self) -> list[Row]:
        """Every segment, with each target language's translation and its check."""
        with self._thread_lock:
            self.refresh()
            state = self._load_state()
        first = self._segments(self.languages[0])
        out = []
        for k, seg in enumerate(first, start=1):
            targets = tuple(
                self._view(lang, k, state) for lang in self.languages if self._has(lang, k)
            )
            out.append(Row(k, int(seg["line"]), str(seg["source"]), targets))
        return out

    def _has(self, lang: str, index: int) -> bool:
        segments = self._segments(lang)
        first = self._segments(self.languages[0])
        return (
            index <= len(segments) and segments[index - 1]["source"] == first[index - 1]["source"]
        )

    def _segment(self, lang: str, index: int) -> dict[str, Any]:
        if lang not in self.languages:
            raise InputError(f"no translation into {lang!r} in this run")
        segments = self._segments(lang)
        if not 1 <= index <= len(segments):
            raise InputError(f"no segment {index} (the run has {len(segments)})")
        return segments[index - 1]

    def view(self, lang: str, index: int) -> TargetView:
        """One target as it stands now (its draft, else the run's text)."""
        with self._thread_lock:
            self.refresh()
            return self._view(lang, index, self._load_state())

    def _view(self, lang: str, index: int, state: _State) -> TargetView:
        seg = self._segment(lang, index)
        key = _key(lang, index)
        draft = state.drafts.get(key)
        text = draft if draft is not None else str(seg["text"])
        badges, findings = self.check(lang, str(seg["source"]), text, seg)
        return TargetView(
            lang,
            text,
            state.versions.get(key, 0),
            draft is not None,
            seg.get("approved"),
            badges,
            findings,
        )

    # -- checking ----------------------------------------------------------------------------

    def check(
        self, lang: str, source: str, text: str, seg: Mapping[str, Any] | None = None
    ) -> tuple[tuple[Badge, ...], tuple[FindingView, ...]]:
        """The segment checked as the run checks a translation (terms with the run's
        glossary, numbers and dates, coverage, off-target...), alone: its term badges and
        its findings."""
        machine = seg is not None and not seg.get("approved") and text == seg.get("text")
        cache_key = (lang, source, text if not machine else "\0machine\0" + text)
        if cache_key in self._checked:
            return self._checked[cache_key]
        from toolkit.evaluate.report import evaluate

        report = evaluate(
            source, " ".join(text.split()), lang, glossary=self.glossary, whole_language=False
        )
        outcomes = list(seg.get("terms", ())) if machine and seg is not None else []
        badges = []
        for k, use in enumerate(report.term_uses):
            expected = use.source.term.preferred(lang)
            if use.target is None:
                status = "missing"
            elif k < len(outcomes) and outcomes[k].get("term") == use.source.label:
                status = str(outcomes[k]["status"])
            else:
                status = "reviewer" if seg is not None and not machine else "model"
            form = use.target.surface if use.target is not None else ""
            badges.append(Badge(use.source.label, expected, status, form))
        findings = tuple(FindingView(f.check, f.severity, f.message) for f in report.findings)
        result = (tuple(badges), findings)
        self._checked[cache_key] = result
        return result

    # -- saving and approving ----------------------------------------------------------------

    def save(self, lang: str, index: int, text: str, version: int) -> TargetView:
        """Keep ``text`` as the draft of one target, edited from ``version``; its new view.
        ``Conflict`` when the segment has a newer version."""
        text = _one_line(text)
        with self._locked():
            self.refresh()
            state = self._load_state()
            self._check_version(lang, index, version, state)
            key = _key(lang, index)
            state.drafts[key] = text
            state.versions[key] = version + 1
            self._store_state(state)
            return self._view(lang, index, state)

    def approve(self, lang: str, index: int, text: str, version: int) -> TargetView:
        """Approve ``text`` as the translation of one segment, edited from ``version``: it is
        stored in the memory (:class:`~toolkit.translate.approved.ApprovedStore`) and the
        run's files are rewritten with it (:func:`toolkit.publish.publish`)."""
        from toolkit.translate.approved import Approval, ApprovedStore, now_iso

        text = _one_line(text)
        if not text:
            raise InputError("an empty translation cannot be approved")
        with self._locked():
            self._read()  # the files as they are now: another server may have written them
            state = self._load_state()
            self._check_version(lang, index, version, state)
            seg = self._segment(lang, index)
            approval = Approval(
                source=str(seg["source"]),
                target=text,
                target_lang=lang,
                reviewer=self.reviewer,
                review=f"page:{self.name}#{index}",
                approved_at=now_iso(),
            )
            # The memory opened first (a bad one refuses before any file is written), written
            # last: a rewrite that fails leaves no approval behind in it.
            store = ApprovedStore(self._memory())
            try:
                replacements = self._replacements(lang, index, seg, text)
                self._rewrite(lang, index, text, approval)
                try:
                    store.approve(approval)
                finally:
                    # The files are rewritten: the state follows them even if the memory
                    # refused the approval, or the other segments' drafts would be taken
                    # for another run's and dropped.
                    state.replacements.extend(replacements)
                    key = _key(lang, index)
                    state.drafts.pop(key, None)
                    state.versions[key] = version + 1
                    state.report = self.report_digest
                    self._store_state(state)
            finally:
                store.close()
            return self._view(lang, index, state)

    def _memory(self) -> Path:
        if self.memory_path is not None:
            return self.memory_path
        from toolkit.translate.factory import memory_path

        return memory_path()

    def _check_version(self, lang: str, index: int, version: int, state: _State) -> None:
        current = state.versions.get(_key(lang, index), 0)
        if version != current:
            view = self._view(lang, index, state)
            raise Conflict(
                f"segment {index} ({lang}) was changed by someone else since you opened it "
                f"(you edited version {version}, it is now version {current}); your text was "
                "not saved: compare it with theirs, then save again",
                view,
            )

    # -- the run's files ---------------------------------------------------------------------

    def _rewrite(self, lang: str, index: int, text: str, approval: Any) -> None:
        """Every file of the run as it is, with the approved segment in the translation's
        text, the TMX, the XLIFF and ``report.json``; published together."""
        from toolkit.exports import to_tmx, to_xliff

        report = json.loads(json.dumps(self.report))
        translation = report["languages"][lang]["translation"]
        seg = translation["segments"][index - 1]
        seg["text"] = text
        seg["terms"] = []
        seg.pop("baseline", None)
        seg.pop("cached", None)
        seg["problems"] = [p.to_dict() for p in self._problems(lang, seg, text)]
        if not seg["problems"]:
            del seg["problems"]
        seg["approved"] = {
            "reviewer": approval.reviewer,
            "review": approval.review,
            "approved_at": approval.approved_at,
        }
        translations = {code: _translation(code, report) for code in self.languages}
        translation["terms"] = translations[lang].term_counts()
        report["languages"][lang]["evaluation"] = self._evaluation(translations[lang])
        files = {}
        for name in self.manifest.files:
            try:
                files[name] = (self.folder / name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise OutputError(f"{self.folder}/{name}: cannot read ({exc})") from None
        # Every file of the manifest, not only those rewritten now: publishing records the
        # digest of each as the toolkit's, so a file edited by hand and let through here
        # would be overwritten by the next approval in its language.
        edited = [name for name in files if digest(files[name]) != self.manifest.files[name]]
        if edited:
            raise ChangedOnDisk(
                f"{self.folder}: {', '.join(edited)} changed since the toolkit wrote "
                f"{'it' if len(edited) == 1 else 'them'}; nothing was approved or rewritten "
                "(keep a copy of the edits, then run again or restore the file)"
            )
        files[f"article.{lang}.txt"] = translations[lang].text + "\n"
        article = str(report.get("article", ""))
        if f"article.{lang}.xlf" in files:
            files[f"article.{lang}.xlf"] = to_xliff(translations[lang], article)
        if "article.tmx" in files:
            files["article.tmx"] = to_tmx(translations)
        files["report.json"] = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
        publish(self.folder, files, force=True)
        self._read()

    def _problems(self, lang: str, seg: Mapping[str, Any], text: str) -> list[Problem]:
        """What a reused approved translation reports (as the engine does): its split, the
        glossary terms it lacks, another language, the source numbers it misses."""
        from toolkit.text.numbers import check_numbers
        from toolkit.text.offtarget import off_target

        problems = [Problem.from_dict(p) for p in seg.get("problems", []) if p["kind"] == "split"]
        badges, _ = self.check(lang, str(seg["source"]), text)
        for b in badges:
            if b.status == "missing":
                problems.append(
                    Problem(
                        "term",
                        f"the approved translation lacks the glossary term {b.term}"
                        + (f" ('{b.expected}')" if b.expected else ""),
                    )
                )
        if (wrong := off_target(text, lang)) is not None:
            problems.append(Problem("off-target", wrong.message))
        problems.extend(
            Problem("number", f.message) for f in check_numbers(str(seg["source"]), text, lang)
        )
        return list(dict.fromkeys(problems))

    def _evaluation(self, translation: Translation) -> dict[str, Any]:
        """The language's evaluation made again, as the run makes it, on the new text."""
        from toolkit.evaluate.report import evaluate, placements_of

        source = _source_text(translation)
        return evaluate(
            source,
            translation.text,
            translation.target_language,
            glossary=self.glossary,
            baseline=translation.baseline_text,
            placements=placements_of(translation.segments),
            whole_language=False,
        ).to_dict()

    # -- glossary proposals ------------------------------------------------------------------

    def _replacements(
        self, lang: str, index: int, seg: Mapping[str, Any], text: str
    ) -> list[dict[str, Any]]:
        """The glossary terms the machine's text rendered and ``text`` does not, each with
        the words the reviewer wrote in its place."""
        if self.glossary is None:
            return []
        from toolkit.evaluate.checks.base import Pair, analyse_terms

        source, old = str(seg["source"]), str(seg["text"])
        before = analyse_terms([Pair(1, source, old)], self.glossary, lang)
        after = analyse_terms([Pair(1, source, text)], self.glossary, lang)
        kept = {(u.source.start, u.source.end) for u in after if u.target is not None}
        out = []
        for use in before:
            if use.target is None or (use.source.start, use.source.end) in kept:
                continue
            wording = _replaced_by(old, use.target.start, use.target.end, text)
            if wording:
                out.append(
                    {
                        "term": use.source.label,
                        "lang": lang,
                        "expected": use.source.term.preferred(lang),
                        "wording": wording,
                        "segment": index,
                    }
                )
        return out

    def proposals(self) -> list[Proposal]:
        """The glossary changes the approved edits suggest (a wording written for a term in
        :data:`PROPOSE_AT` or more segments), most frequent first."""
        with self._thread_lock:
            state = self._load_state()
        groups: dict[tuple[str, str, str], dict[str, Any]] = {}
        for r in state.replacements:
            key = (r["term"], r["lang"], r["wording"].casefold())
            group = groups.setdefault(key, {**r, "segments": set()})
            group["segments"].add(int(r["segment"]))
        accepted = {(a["term"], a["lang"], a["wording"].casefold()) for a in state.accepted}
        out = [
            Proposal(
                g["term"],
                g["lang"],
                g["expected"],
                g["wording"],
                len(g["segments"]),
                tuple(sorted(g["segments"])),
                key in accepted,
            )
            for key, g in groups.items()
            if len(g["segments"]) >= PROPOSE_AT
        ]
        return sorted(out, key=lambda p: (-p.count, p.term, p.lang))

    def accept(self, term: str, lang: str, wording: str) -> Path:
        """Accept a proposal: write the run's glossary with the wording as the term's
        preferred rendering in ``lang`` to ``glossary-proposal.tsv`` beside the run (the
        original file is never written); the new file's path."""
        from toolkit.glossary.formats import dump_glossary
        from toolkit.io import write_text_atomic

        if self.glossary is None:
            raise InputError("this run had no glossary to change")
        found = [
            p
            for p in self.proposals()
            if (p.term, p.lang, p.wording.casefold()) == (term, lang, wording.casefold())
        ]
        if not found:
            raise InputError(f"no proposal for {term!r} in {lang!r} with {wording!r}")
        with self._locked():
            state = self._load_state()
            state.accepted.append({"term": term, "lang": lang, "wording": found[0].wording})
            path = self.folder / PROPOSAL
            if path.exists() and _file_digest(path) != state.proposal:
                raise ChangedOnDisk(
                    f"{path}: changed since the page wrote it (or not written by it); it is "
                    "kept as it is: move it away to write a new proposal"
                )
            text = dump_glossary(_changed(self.glossary, state.accepted), "tsv")
            write_text_atomic(path, text)
            state.proposal = digest(text)
            self._store_state(state)
        return path

    # -- state -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - not POSIX
                yield
                return
            try:
                fd = open(self.folder / LOCK, "a")  # noqa: SIM115 - held for the block
            except OSError as exc:
                raise OutputError(f"{self.folder}: cannot write ({exc.strerror})") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                fd.close()

    def _load_state(self) -> _State:
        path = self.folder / STATE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return _State(report=self.report_digest)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise OutputError(f"{path}: not a review state the toolkit wrote ({exc})") from None
        if not isinstance(data, dict):
            raise OutputError(f"{path}: not a review state the toolkit wrote")
        try:
            state = _State(
                {str(k): int(v) for k, v in data.get("versions", {}).items()},
                {str(k): str(v) for k, v in data.get("drafts", {}).items()},
                list(data.get("replacements", [])),
                list(data.get("accepted", [])),
                str(data.get("report", "")),
                str(data.get("proposal", "")),
            )
        except (AttributeError, TypeError, ValueError) as exc:  # edited by hand
            raise OutputError(f"{path}: not a review state the toolkit wrote ({exc})") from None
        if state.report != self.report_digest:  # another run wrote the folder since
            state.drafts.clear()
            state.report = self.report_digest
        return state

    def _store_state(self, state: _State) -> None:
        from toolkit.io import write_text_atomic

        data = {
            "format": "toolkit-review/1",
            "report": state.report,
            "versions": state.versions,
            "drafts": state.drafts,
            "replacements": state.replacements,
            "accepted": state.accepted,
            "proposal": state.proposal,
        }
        write_text_atomic(
            self.folder / STATE, json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        )


# -- helpers ---------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """A target as one segment holds it: no line break (the files are line-aligned)."""
    return " ".join(text.split())


def _translation(lang: str, report: Mapping[str, Any]) -> Translation:
    """A language's translation as ``report.json`` records it."""
    segments = tuple(
        _segment_of(lang, s) for s in report["languages"][lang]["translation"]["segments"]
    )
    count = max((s.line for s in segments), default=0)
    by_line: dict[int, list[str]] = {}
    for s in segments:
        by_line.setdefault(s.line, []).append(s.text)
    lines = tuple(" ".join(by_line.get(i, [])) for i in range(1, count + 1))
    return Translation(lang, lines, segments)


def _segment_of(lang: str, value: Mapping[str, Any]) -> SegmentTranslation:
    """One segment of ``report.json`` as a value; its approval too where the values carry
    one (issue 27's approved reuse: the exports then mark the unit approved)."""
    seg = SegmentTranslation(
        int(value["line"]),
        str(value["source"]),
        str(value["text"]),
        tuple(TermOutcome.from_dict(t) for t in value.get("terms", [])),
        tuple(Problem.from_dict(p) for p in value.get("problems", [])),
        bool(value.get("cached", False)),
        str(value.get("baseline", "")),
    )
    approved = value.get("approved")
    if isinstance(approved, Mapping) and "approved" in {f.name for f in fields(seg)}:
        from toolkit.translate.approved import Approval

        approval = Approval(
            source=seg.source,
            target=seg.text,
            target_lang=lang,
            reviewer=str(approved.get("reviewer", "")),
            review=str(approved.get("review", "")),
            approved_at=str(approved.get("approved_at", "")),
        )
        changes: dict[str, Any] = {"approved": approval}  # a field only once issue 27 merges
        seg = replace(seg, **changes)
    return seg


def _source_text(translation: Translation) -> str:
    by_line: dict[int, list[str]] = {}
    for s in translation.segments:
        by_line.setdefault(s.line, []).append(s.source)
    return "\n".join(" ".join(by_line.get(i, [])) for i in range(1, len(translation.lines) + 1))


def _replaced_by(old: str, start: int, end: int, new: str) -> str:
    """The words of ``new`` that stand where ``old[start:end]`` stood (a word diff)."""
    old_words = [(m.start(), m.end()) for m in _words(old)]
    new_words = [m.group() for m in _words(new)]
    inside = [k for k, (s, e) in enumerate(old_words) if s < end and e > start]
    if not inside:
        return ""
    first, last = inside[0], inside[-1] + 1
    matcher = difflib.SequenceMatcher(
        a=[old[s:e].casefold() for s, e in old_words], b=[w.casefold() for w in new_words]
    )
    picked: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lo, hi = max(i1, first), min(i2, last)
            if lo < hi:
                picked.extend(range(j1 + lo - i1, j1 + hi - i1))
        elif (i1 < last and i2 > first) or (i1 == i2 and first < i1 < last):
            picked.extend(range(j1, j2))
    if not picked:
        return ""
    return " ".join(new_words[min(picked) : max(picked) + 1])


def _words(text: str) -> Iterator[Any]:
    import re

    return re.finditer(r"\w+(?:[-'’]\w+)*", text)


def _changed(glossary: Glossary, accepted: Sequence[Mapping[str, str]]) -> Glossary:
    """``glossary`` with each accepted wording made its term's preferred rendering."""
    terms: list[Term] = []
    for term in glossary.terms:
        variants = dict(term.variants)
        for a in accepted:
            if a["term"] == term.label:
                rest = [
                    v
                    for v in variants.get(a["lang"], ())
                    if v.casefold() != a["wording"].casefold()
                ]
                variants[a["lang"]] = (a["wording"], *rest)
        terms.append(
            Term(
                tuple(variants.items()),
                term.id,
                term.note,
                term.domain,
                term.pos,
                term.case_sensitive,
                term.dnt,
            )
        )
    return Glossary(tuple(terms), glossary.languages, glossary.source_language, PROPOSAL)
