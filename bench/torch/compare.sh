#!/usr/bin/env bash
# Zoo training speed, our engine vs PyTorch, on this machine, in one run: for every model the C# trainer's
# `bench-zoo` and bench/torch/zoo_bench.py time the same training steps (same architecture, batch, Adam, loss, noise)
# one right after the other, and a table of seconds per 60,000-image epoch, the ratio and GFLOP/s is printed, with
# the machine's load next to each row and the engine's GEMM rate (bench-gemm) as the reference peak.
#
#   bench/torch/compare.sh                      # all zoo models, 40 timed steps each
#   STEPS=20 MODELS="conv-dae" bench/torch/compare.sh
#
# Needs: the .NET SDK, MNIST in the cache (scripts/setup.sh), Debian python3-torch and libopenblas0-openmp.
set -euo pipefail
cd "$(dirname "$0")/../.."

STEPS=${STEPS:-40}
WARMUP=${WARMUP:-5}
MODELS=${MODELS:-"dense-dae-10 deep-dense-dae conv-dae-small conv-dae conv-dae-skip conv-classifier"}
PYTHON=${PYTHON:-/usr/bin/python3}
export OMP_NUM_THREADS=2

dotnet build src/ModelTraining -c Release -v q -nologo >/dev/null
trainer=(dotnet src/ModelTraining/bin/Release/net10.0/ModelTraining.dll)

load() { cut -d' ' -f1 /proc/loadavg; }
field() { awk -v m="$1" -v c="$2" '$1 == m { print $c }'; }

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $("$PYTHON" -c 'import torch; print("torch", torch.__version__)')"
peak=$("${trainer[@]}" bench-gemm --seconds 0.5 | awk '/^square 1024/ { print $NF }')
echo "engine GEMM, square 1024, all cores: ${peak} GFLOP/s"
echo "batch 128, ${STEPS} timed steps after ${WARMUP} warm-up steps per model and side; epoch = 60,000 images"
echo
printf '| %-16s | %12s | %13s | %8s | %14s | %14s | %11s |\n' model "ours s/epoch" "torch s/epoch" "speedup" "ours GFLOP/s" "torch GFLOP/s" "load 1m"
printf '|%s|%s|%s|%s|%s|%s|%s|\n' ------------------ -------------- --------------- ---------- ---------------- ---------------- -------------
for model in $MODELS; do
  before=$(load)
  ours=$("${trainer[@]}" bench-zoo --model "$model" --steps "$STEPS" --warmup "$WARMUP")
  torch=$("$PYTHON" bench/torch/zoo_bench.py --model "$model" --steps "$STEPS" --warmup "$WARMUP" --threads 2)
  after=$(load)
  ours_epoch=$(echo "$ours" | field "$model" 4)
  torch_epoch=$(echo "$torch" | field "$model" 4)
  speedup=$(awk -v a="$torch_epoch" -v b="$ours_epoch" 'BEGIN { printf "%.2fx", a / b }')
  printf '| %-16s | %12s | %13s | %8s | %14s | %14s | %11s |\n' "$model" "$ours_epoch" "$torch_epoch" "$speedup" \
    "$(echo "$ours" | field "$model" 6)" "$(echo "$torch" | field "$model" 6)" "$before-$after"
done
