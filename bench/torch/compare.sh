#!/usr/bin/env bash
# Training speed of the trainer (TorchSharp) against PyTorch (Debian python3-torch) on this machine: the same models,
# the same training steps (batch 128, real MNIST batches, the recipe's noise or shift, forward, loss, backward, Adam
# step), 2 threads each side. Each model is timed REPEATS times per side, the sides interleaved (the order alternates
# every repeat) so a busy minute hits both; each run reports seconds per 60,000-image epoch from STEPS timed steps after
# WARMUP untimed ones. The table shows the min and the median over the repeats and the ratio of the medians (and of the
# mins): TorchSharp / PyTorch < 1 means TorchSharp is faster.
#
#   bench/torch/compare.sh                                      # every zoo model, 3 repeats of 20 steps
#   REPEATS=5 STEPS=40 MODELS="conv-dae conv-dae-skip" bench/torch/compare.sh
#   ENGINE=/work/wt/old bench/torch/compare.sh                  # adds a third side: the previous own engine, built in
#                                                               # that checkout of a84d383 (its bench-zoo command)
#
# C# side: `ModelTraining bench-zoo --model NAME --steps N --warmup W`, whose row for NAME has s/epoch in column 4.
# Python side: bench/torch/zoo_bench.py (the same architectures, learning rates, noise and losses).
# Needs: the .NET SDK, MNIST in the cache (scripts/setup.sh), Debian python3-torch and libopenblas0-openmp.
set -euo pipefail
cd "$(dirname "$0")/../.."

STEPS=${STEPS:-20}
WARMUP=${WARMUP:-5}
REPEATS=${REPEATS:-3}
THREADS=${THREADS:-2}
MODELS=${MODELS:-"dense-dae-10 dense-dae-64 deep-dense-dae conv-dae-small conv-dae conv-dae-skip conv-classifier mlp-classifier"}
PYTHON=${PYTHON:-/usr/bin/python3}
ENGINE=${ENGINE:-}
# OpenMP threads that sleep when idle instead of spinning: on a shared, oversubscribed machine libgomp's default spin
# made both libtorch sides 70-150x slower (TorchSharp dense-dae-64 at load 30-45: 970-1040 ms/step spinning, 7-13 ms
# passive), which measures the neighbours, not the engines. Set OMP_WAIT_POLICY=active to time the default.
OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
export OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS OMP_WAIT_POLICY

dotnet build src/ModelTraining -c Release -v q -nologo >/dev/null
trainer=(dotnet src/ModelTraining/bin/Release/net10.0/ModelTraining.dll)
sides=(torchsharp pytorch)
if [ -n "$ENGINE" ]; then
  dotnet build "$ENGINE/src/ModelTraining" -c Release -v q -nologo >/dev/null
  engine=(dotnet "$ENGINE/src/ModelTraining/bin/Release/net10.0/ModelTraining.dll")
  sides+=(engine)
fi

runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT

# Seconds per epoch of one run of one side on one model.
run() {
  local side=$1 model=$2 out
  case $side in
    torchsharp) out=$("${trainer[@]}" bench-zoo --model "$model" --steps "$STEPS" --warmup "$WARMUP" --threads "$THREADS") ;;
    engine) out=$("${engine[@]}" bench-zoo --model "$model" --steps "$STEPS" --warmup "$WARMUP") ;;
    pytorch) out=$("$PYTHON" bench/torch/zoo_bench.py --model "$model" --steps "$STEPS" --warmup "$WARMUP" --threads "$THREADS") ;;
  esac
  echo "$out" | awk -v m="$model" '$1 == m { print $4 }'
}

# "min median" of the numbers in a file, one per line.
stats() { sort -g "$1" | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f %.2f", v[1], m }'; }

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $THREADS threads per side, OMP_WAIT_POLICY=$OMP_WAIT_POLICY;" \
  "$("$PYTHON" -c 'import torch; print("PyTorch", torch.__version__)'); load at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo "batch 128, $STEPS timed steps after $WARMUP warm-up steps per run, $REPEATS interleaved repeats per side; s per 60,000-image epoch"
for ((r = 1; r <= REPEATS; r++)); do
  for model in $MODELS; do
    order=("${sides[@]}")
    if ((r % 2 == 0)); then order=($(printf '%s\n' "${sides[@]}" | tac)); fi
    for side in "${order[@]}"; do
      seconds=$(run "$side" "$model")
      [ -n "$seconds" ] || { echo "compare.sh: no s/epoch from $side for $model" >&2; exit 1; }
      echo "$seconds" >>"$runs/$side.$model"
    done
  done
  echo "repeat $r of $REPEATS done, load $(cut -d' ' -f1 /proc/loadavg)" >&2
done
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg)"
echo

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
header='| model | TorchSharp min | TorchSharp median | PyTorch min | PyTorch median | TorchSharp/PyTorch median (min) |'
rule='|---|---:|---:|---:|---:|---:|'
if [ -n "$ENGINE" ]; then
  header+=' own engine min | own engine median | TorchSharp/own engine median (min) |'
  rule+='---:|---:|---:|'
fi
echo "$header"
echo "$rule"
for model in $MODELS; do
  read -r ts_min ts_med <<<"$(stats "$runs/torchsharp.$model")"
  read -r pt_min pt_med <<<"$(stats "$runs/pytorch.$model")"
  row="| $model | $ts_min | $ts_med | $pt_min | $pt_med | $(ratio "$ts_med" "$pt_med") ($(ratio "$ts_min" "$pt_min")) |"
  if [ -n "$ENGINE" ]; then
    read -r en_min en_med <<<"$(stats "$runs/engine.$model")"
    row+=" $en_min | $en_med | $(ratio "$ts_med" "$en_med") ($(ratio "$ts_min" "$en_min")) |"
  fi
  echo "$row"
done
