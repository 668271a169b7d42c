"""Builders of tiny random-weight translation models for tests.

Each builder writes a checkpoint directory with the same tokenizer and model classes as the
real model family (``AutoTokenizer`` / ``AutoModelForSeq2SeqLM`` load it like a hub
checkpoint), so tests exercise the same code path as real models, in well under a second.
The models translate nonsense, deterministically: weights come from a fixed seed.

- ``build_tiny_nllb``: ``NllbTokenizer`` + ``M2M100ForConditionalGeneration`` (NLLB-200 layout,
  language codes ``pes_Arab``/``eng_Latn``/``rus_Cyrl``).
- ``build_tiny_m2m100``: ``M2M100Tokenizer`` + ``M2M100ForConditionalGeneration``
  (``__fa__``/``__en__``/``__ru__``).
- ``build_tiny_marian``: ``MarianTokenizer`` + ``MarianMTModel``, one direction; with
  ``target_codes`` it is a multi-target OPUS-style model that needs a ``>>rus<<`` source prefix.

The sentencepiece models are trained on the seed article and a few English and Russian
sentences, plus the full alphabets, so every Persian, English and Russian letter, digit and
ASCII punctuation mark has a piece. ``byte_fallback`` makes any other character round-trip
through the sentencepiece-based tokenizers (M2M100, Marian). The NLLB tokenizer of
transformers 5 is a BPE ``tokenizers`` backend that cannot fall back to bytes (the real one
has no byte pieces either), so there other characters become ``<unk>``.
"""

from __future__ import annotations

import io
import json
import string
import warnings
from pathlib import Path

SEED_ARTICLE = Path(__file__).resolve().parents[1] / "seeds" / "mehr-iran-russia-ict.fa.txt"

ENGLISH = [
    "Iran and Russia signed 20 memoranda of understanding and five contracts.",
    "The deputy minister of communications described the results of the visit.",
    "Cooperation in data transit, smart government and postal infrastructure continues.",
    "The private sector signed contracts on cybersecurity and artificial intelligence.",
    "The ambassador of the Islamic Republic of Iran in Russia said the results were good.",
    "The value and scope of this cooperation is expected to grow in the coming years.",
    "Kazem Jalali and Meysam Abedi attended the meeting in Moscow.",
    "Mehr News Agency reported on Tuesday, 12 March 2024.",
]

RUSSIAN = [
    "Иран и Россия подписали 20 меморандумов о взаимопонимании и пять контрактов.",
    "Заместитель министра связи рассказал о результатах визита.",
    "Продолжается сотрудничество в области транзита данных и умного правительства.",
    "Частный сектор подписал контракты по кибербезопасности и искусственному интеллекту.",
    "Посол Исламской Республики Иран в России сказал, что результаты хорошие.",
    "Ожидается, что ценность и масштаб этого сотрудничества вырастут в ближайшие годы.",
    "Казем Джалали и Мейсам Абеди присутствовали на встрече в Москве.",
    "Об этом сообщило агентство Мехр во вторник, 12 марта 2024 года.",
]

ALPHABETS = [
    string.ascii_letters + string.digits + string.punctuation,
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя" + "абвгдеёжзийклмнопрстуфхцчшщъыьэюя".upper(),
    "ءآأؤإئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیةيك" + "۰۱۲۳۴۵۶۷۸۹" + "،؛؟«»\u200c",
]

NLLB_CODES = ("pes_Arab", "eng_Latn", "rus_Cyrl")
SEED = 1234
INIT_STD = 0.2  # larger than the default 0.02 so that greedy choices are not near-ties

_SMALL_DIMS = {
    "d_model": 32,
    "encoder_layers": 2,
    "decoder_layers": 2,
    "encoder_attention_heads": 2,
    "decoder_attention_heads": 2,
    "encoder_ffn_dim": 64,
    "decoder_ffn_dim": 64,
    "max_position_embeddings": 128,
    "init_std": INIT_STD,
}


def training_sentences() -> list[str]:
    """The corpus the tiny sentencepiece models are trained on."""
    persian = [
        line for line in SEED_ARTICLE.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return persian + ENGLISH + RUSSIAN + ALPHABETS


def _train_spm(vocab_size: int, model_type: str, byte_fallback: bool = True, **ids: int) -> bytes:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_sentences()),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type=model_type,
        byte_fallback=byte_fallback,
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
        num_threads=1,
        **ids,
    )
    return buf.getvalue()


def _spm_pieces(model: bytes) -> list[str]:
    import sentencepiece as spm

    proc = spm.SentencePieceProcessor(model_proto=model)
    return [proc.id_to_piece(i) for i in range(proc.get_piece_size())]


def _save_model(
    model_cls: type, config: object, directory: Path, zero_row: int | None = None
) -> None:
    import torch

    # Marks the checkpoint as a test model: reports say its translations are noise.
    config.toolkit_test_model = "random weights"  # type: ignore[attr-defined]
    torch.manual_seed(SEED)
    model = model_cls(config).eval()
    if zero_row is not None:
        # Marian decoders start from a zero embedding: converted OPUS checkpoints keep the
        # <pad> row at zero, and CTranslate2 relies on it
        with torch.no_grad():
            model.get_input_embeddings().weight[zero_row].zero_()
    model.save_pretrained(directory)


def build_tiny_nllb(directory: Path) -> Path:
    """An NLLB-200-style checkpoint: ``NllbTokenizer`` over a sentencepiece BPE model."""
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    directory.mkdir(parents=True, exist_ok=True)
    spm_path = directory / "sentencepiece.bpe.model"
    # The fairseq layout of NLLB: <s>=0 <pad>=1 </s>=2 <unk>=3, then the pieces. No byte
    # pieces: the NLLB tokenizer of transformers 5 cannot use them (nor does the real model).
    spm_path.write_bytes(
        _train_spm(500, "bpe", byte_fallback=False, bos_id=0, pad_id=1, eos_id=2, unk_id=3)
    )
    tokenizer = NllbTokenizer.from_pretrained(
        directory,
        additional_special_tokens=list(NLLB_CODES),
        src_lang="pes_Arab",
        tgt_lang="eng_Latn",
    )
    ids = [tokenizer.convert_tokens_to_ids(code) for code in NLLB_CODES]
    if tokenizer.unk_token_id in ids:
        raise RuntimeError(f"NLLB language codes were not added to the tokenizer: {ids}")
    tokenizer.save_pretrained(directory)
    config = M2M100Config(
        vocab_size=len(tokenizer),
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        scale_embedding=True,
        **_SMALL_DIMS,
    )
    _save_model(M2M100ForConditionalGeneration, config, directory)
    return directory


def build_tiny_m2m100(directory: Path) -> Path:
    """An M2M100-style checkpoint: ``M2M100Tokenizer`` (vocab.json + sentencepiece)."""
    from transformers import M2M100Config, M2M100ForConditionalGeneration, M2M100Tokenizer

    directory.mkdir(parents=True, exist_ok=True)
    model = _train_spm(500, "unigram", bos_id=0, pad_id=1, eos_id=2, unk_id=3)
    spm_path = directory / "sentencepiece.bpe.model"
    spm_path.write_bytes(model)
    vocab = {piece: i for i, piece in enumerate(_spm_pieces(model))}
    vocab_path = directory / "vocab.json"
    vocab_path.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = M2M100Tokenizer(
        vocab_file=str(vocab_path), spm_file=str(spm_path), src_lang="fa", tgt_lang="en"
    )
    ids = [tokenizer.get_lang_id(code) for code in ("fa", "en", "ru")]
    if tokenizer.unk_token_id in ids:
        raise RuntimeError(f"M2M100 language codes are missing from the tokenizer: {ids}")
    tokenizer.save_pretrained(directory)
    config = M2M100Config(
        # fairseq layout: pieces, then the 100 language tokens (which transformers 5 leaves out
        # of len(tokenizer)), then "madeupword" fillers
        vocab_size=tokenizer.vocab_size
        + len(tokenizer.lang_token_to_id)
        + tokenizer.num_madeup_words,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        scale_embedding=True,
        **_SMALL_DIMS,
    )
    _save_model(M2M100ForConditionalGeneration, config, directory)
    return directory


def build_tiny_marian(
    directory: Path, source: str = "fa", target: str = "en", target_codes: tuple[str, ...] = ()
) -> Path:
    """An OPUS-MT-style checkpoint (``MarianTokenizer`` + ``MarianMTModel``), one direction.

    ``target_codes`` such as ``(">>rus<<", ">>ukr<<")`` make it a multi-target model whose
    source must start with the target language token.
    """
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    directory.mkdir(parents=True, exist_ok=True)
    # Marian layout: </s>=0 <unk>=1, pieces, language tokens, and <pad> last.
    model = _train_spm(500, "unigram", eos_id=0, unk_id=1, bos_id=-1, pad_id=-1)
    (directory / "source.spm").write_bytes(model)
    (directory / "target.spm").write_bytes(model)
    tokens = list(_spm_pieces(model))
    tokens[2:2] = list(target_codes)  # real OPUS vocabularies list >>xxx<< tokens early
    tokens.append("<pad>")
    vocab = {piece: i for i, piece in enumerate(tokens)}
    (directory / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
        tokenizer = MarianTokenizer(
            source_spm=str(directory / "source.spm"),
            target_spm=str(directory / "target.spm"),
            vocab=str(directory / "vocab.json"),
            source_lang=source,
            target_lang=target,
        )
    tokenizer.save_pretrained(directory)
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        pad_token_id=pad,
        eos_token_id=vocab["</s>"],
        decoder_start_token_id=pad,
        forced_eos_token_id=vocab["</s>"],
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        **_SMALL_DIMS,
    )
    _save_model(MarianMTModel, config, directory, zero_row=pad)
    return directory


if __name__ == "__main__":
    # `python tests/tiny_models.py DIR` builds the tiny NLLB-style model in DIR, so that the
    # whole pipeline can be tried offline (`make demo-offline`). Its output is noise.
    import sys

    print(build_tiny_nllb(Path(sys.argv[1] if len(sys.argv) > 1 else "out/tiny-nllb")))
