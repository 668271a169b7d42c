#!/usr/bin/env bash
# The GPU check in one call (issue 26): translation speed and corpus throughput on a CUDA GPU.
#
#   OUT_FILE=/some/where/gpu-results.txt bash benchmarks/gpu.sh     # on a CUDA machine, < 10 min
#   bash benchmarks/gpu.sh --quick     # small model; without a GPU, the same steps on the CPU
#
# 1. builds an NLLB-200-distilled-600M-sized model with random weights (translate_speed.py's
#    builder: d_model 1024, 12+12 layers, the real 256,206-entry vocabulary; nothing is
#    downloaded), once, shared by the steps;
# 2. translate_speed.py --device cuda: CTranslate2 float16 and int8_float16 and transformers
#    fp16, batch sizes 16 and 64, 64 sentences of 32 new tokens each: tokens/s, peak RSS,
#    peak GPU memory;
# 3. batch_throughput.py --device cuda: `toolkit batch --engine local` over 24 short articles,
#    the whole pipeline: articles/min, source tokens/s, peak GPU memory.
# Every table goes to $OUT_FILE (default benchmarks/gpu-results.txt) with the machine's
# description; the steps' logs go to stderr. A failed or timed-out step is written down and
# the next one still runs; the exit status is then 1.
#
# --quick uses translate_speed.py's quick model (d_model 512, 6+6 layers). Without a CUDA GPU
# it runs on the CPU (int8 and fp32, 4 sentences in batches of 2 and 4, one article), says so,
# and still writes every row: the check that the script works before a GPU is lent.
# Settings can be changed through the environment: PYTHON, OUT_FILE, VOCAB, SENTENCES,
# NEW_TOKENS, BATCH_SIZES, COMPUTE_TYPES, PHASES, ARTICLES, BATCH_ROWS, and each step's time
# limit in seconds, SPEED_TIMEOUT (330) and BATCH_TIMEOUT (210): 9 minutes in all at most.
set -uo pipefail

usage() { sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

QUICK=0
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "gpu.sh: unknown option '$arg' (see --help)" >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.." || exit 2
if [ -z "${PYTHON:-}" ]; then
    if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
OUT_FILE=${OUT_FILE:-benchmarks/gpu-results.txt}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export HF_HUB_OFFLINE=1

DEVICE=$("$PYTHON" - <<'EOF'
import ctranslate2, torch
print("cuda" if torch.cuda.is_available() and ctranslate2.get_cuda_device_count() > 0 else "cpu")
EOF
) || { echo "gpu.sh: $PYTHON cannot import torch and ctranslate2" >&2; exit 2; }

if [ "$DEVICE" = cuda ]; then
    SIZE_ARGS=(); [ "$QUICK" = 1 ] && SIZE_ARGS=(--quick)
    VOCAB=${VOCAB:-$([ "$QUICK" = 1 ] && echo 32000 || echo 256206)}
    SENTENCES=${SENTENCES:-64}
    NEW_TOKENS=${NEW_TOKENS:-32}
    BATCH_SIZES=${BATCH_SIZES:-16,64}
    COMPUTE_TYPES=${COMPUTE_TYPES:-float16,int8_float16}
    ARTICLES=${ARTICLES:-24}
elif [ "$QUICK" = 1 ]; then
    echo "gpu.sh: no CUDA GPU (torch or CTranslate2 sees none): running the same steps on the CPU with the quick model" >&2
    SIZE_ARGS=(--quick)
    VOCAB=${VOCAB:-32000}
    SENTENCES=${SENTENCES:-4}
    NEW_TOKENS=${NEW_TOKENS:-4}
    BATCH_SIZES=${BATCH_SIZES:-2,4}
    COMPUTE_TYPES=${COMPUTE_TYPES:-int8}
    ARTICLES=${ARTICLES:-1}
else
    echo "gpu.sh: no CUDA GPU (torch or CTranslate2 sees none); 'bash benchmarks/gpu.sh --quick' runs the same steps on the CPU" >&2
    exit 2
fi
PHASES=${PHASES:-hf-batch,ct2-default}
BATCH_ROWS=${BATCH_ROWS:-local}
SPEED_TIMEOUT=${SPEED_TIMEOUT:-330}
BATCH_TIMEOUT=${BATCH_TIMEOUT:-210}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/toolkit-gpu-check.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
export TOOLKIT_HOME="$WORK/home"  # the CTranslate2 conversions, shared by the steps
MODEL="$WORK/model"
mkdir -p "$(dirname "$OUT_FILE")" || exit 2
: >"$OUT_FILE" || exit 2
started=$(date +%s)
status=0

{
    echo "# benchmarks/gpu.sh$([ "$QUICK" = 1 ] && echo ' --quick'), $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "device: $DEVICE$([ "$DEVICE" = cpu ] && echo ' (no CUDA GPU found: the quick CPU check; peak GPU memory n/a)')"
    if [ "$DEVICE" = cuda ] && command -v nvidia-smi >/dev/null; then
        echo "gpu: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader --id=0)"
    fi
    echo "cpus: $(nproc 2>/dev/null || echo '?')"
    "$PYTHON" -c 'import ctranslate2, torch, transformers; print(f"torch {torch.__version__}, transformers {transformers.__version__}, ctranslate2 {ctranslate2.__version__}")'
    echo "model: $([ "$QUICK" = 1 ] && echo 'quick (d_model 512, 6+6 layers)' || echo 'NLLB-600M size (d_model 1024, 12+12 layers)'), vocabulary $VOCAB, random weights"
} >>"$OUT_FILE"

# step NAME SECONDS COMMAND...: run a step under its time limit, its table appended to $OUT_FILE
step() {
    local name=$1 limit=$2 t0 code
    shift 2
    t0=$(date +%s)
    echo "gpu.sh: $name" >&2
    printf '\n## %s\n$ %s\n' "$name" "$*" >>"$OUT_FILE"
    timeout "$limit" "$@" >"$WORK/step.out"
    code=$?
    cat "$WORK/step.out" >>"$OUT_FILE"
    if [ "$code" != 0 ]; then
        echo "FAILED: exit $code$([ "$code" = 124 ] && echo " (over $limit s)")" >>"$OUT_FILE"
        status=1
    fi
    echo "($(($(date +%s) - t0)) s)" >>"$OUT_FILE"
}

step "translate_speed.py: tokens/s and peak memory per backend, compute type and batch size" \
    "$SPEED_TIMEOUT" \
    "$PYTHON" benchmarks/translate_speed.py "${SIZE_ARGS[@]}" --keep "$MODEL" --vocab "$VOCAB" \
    --device "$DEVICE" --compute-types "$COMPUTE_TYPES" --batch-sizes "$BATCH_SIZES" \
    --sentences "$SENTENCES" --new-tokens "$NEW_TOKENS" --phases "$PHASES"

if [ -f "$MODEL/config.json" ]; then
    step "batch_throughput.py: articles/min through the whole pipeline" "$BATCH_TIMEOUT" \
        "$PYTHON" benchmarks/batch_throughput.py "${SIZE_ARGS[@]}" --keep "$MODEL" \
        --vocab "$VOCAB" --device "$DEVICE" --articles "$ARTICLES" --rows "$BATCH_ROWS"
else
    printf '\n## batch_throughput.py\nSKIPPED: no model was built\n' >>"$OUT_FILE"
    status=1
fi

echo "" >>"$OUT_FILE"
echo "total: $(($(date +%s) - started)) s; $([ "$status" = 0 ] && echo 'every step passed' || echo 'a step FAILED')" >>"$OUT_FILE"
echo "gpu.sh: results in $OUT_FILE" >&2
cat "$OUT_FILE"
exit "$status"
