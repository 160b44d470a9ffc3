#!/usr/bin/env bash
# Same-architecture parity of test loss, our engine vs PyTorch, at equal epochs (issue 3: "within 2%").
#
# For every model, one side after the other:
#   ours:  ModelTraining train-zoo --model M --epochs N --validation 0 --schedule Constant --no-publish --no-report
#          (all 60,000 training digits, constant-lr Adam, the zoo's lr/batch/noise/seed), with DENOISEAPI_CACHE pointed
#          at a scratch folder so its checkpoint lands there and no real checkpoint in the cache is overwritten;
#   torch: zoo_bench.py --train-epochs N (same architecture, init scheme, lr, batch, Adam, noise, loss).
# Both trained models are then scored by ONE evaluator, zoo_bench.py (ours through --score-weights on our checkpoint),
# on the same test digits with the same noise draw: test BCE for denoisers (the C# metric: sigmoid output clamped to
# [1e-7, 1 - 1e-7]), test cross-entropy for the classifier. The `Test:` line our trainer prints itself (its own noisy
# test digits) is shown too, as a check that the checkpoint was read into the PyTorch model correctly.
#
#   bench/torch/parity.sh                                        # the default models and epochs below
#   MODELS="conv-dae" EPOCHS=2 bench/torch/parity.sh             # one model, 2 epochs
#   MODELS="dense-dae-10:5 conv-dae:2" bench/torch/parity.sh     # model:epochs pairs
#   TORCH_THREADS=1 NICE=5 bench/torch/parity.sh
#   for s in 1 2 3 4; do SEED=$s MODELS=dense-dae-10:5 bench/torch/parity.sh; done   # seed spread
#
# Env: MODELS (names or name:epochs), EPOCHS (for names without :epochs, default 2), SEED (1), TORCH_THREADS (2),
# NICE (0; nice level of both sides), SHIFT (2; classifier shift augmentation on the PyTorch side, which must equal
# ZooCatalog's MaxShift: train-zoo applies it since aa4172e and has no flag to turn it off), TOLERANCE (2, in %), KEEP (scratch folder to keep, default a temp
# folder removed at the end), BUILD (1: build the trainer first).
# Output: progress on stderr, the markdown table on stdout; per-model logs in the scratch folder.
# Needs: the .NET SDK, MNIST in the cache (scripts/setup.sh), Debian python3-torch.
set -euo pipefail
cd "$(dirname "$0")/../.."

MODELS=${MODELS:-"dense-dae-10:5 deep-dense-dae:5 conv-dae-small:2 conv-dae-skip:2 conv-dae:2 conv-classifier:2"}
EPOCHS=${EPOCHS:-2}
SEED=${SEED:-1}
TORCH_THREADS=${TORCH_THREADS:-2}
NICE=${NICE:-0}
SHIFT=${SHIFT:-2}
TOLERANCE=${TOLERANCE:-2}
PYTHON=${PYTHON:-/usr/bin/python3}
DATA=${DATA:-${DENOISEAPI_CACHE:-$HOME/.cache/denoiseapi}/mnist}
export OMP_NUM_THREADS=$TORCH_THREADS

if [[ -n ${KEEP:-} ]]; then
  scratch=$KEEP
  mkdir -p "$scratch"
else
  scratch=$(mktemp -d /tmp/parity.XXXXXX)
  trap 'rm -rf "$scratch"' EXIT
fi

if [[ ${BUILD:-1} == 1 ]]; then
  dotnet build src/ModelTraining -c Release -v q -nologo >/dev/null
fi
trainer=(nice -n "$NICE" dotnet src/ModelTraining/bin/Release/net10.0/ModelTraining.dll)
torch=(nice -n "$NICE" "$PYTHON" bench/torch/zoo_bench.py --data "$DATA" --seed "$SEED" --threads "$TORCH_THREADS")

# key=value from a zoo_bench.py RESULT line
value() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
# first match of an extended regex's group 1 in our log (ANSI escapes and carriage returns removed first)
ours_field() { sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r/\n/g' "$1" | sed -En "$2" | head -n 1; }
say() { echo "$*" >&2; }

rows=()
for spec in $MODELS; do
  model=${spec%%:*}
  epochs=$EPOCHS
  [[ $spec == *:* ]] && epochs=${spec#*:}
  case $model in
    *classifier*) kind=classifier; target=(--min-accuracy 0) ;;
    *) kind=denoiser; target=(--min-psnr 0) ;;
  esac
  log="$scratch/$model.ours.log"
  say "[$(date -u +%H:%M:%S)] $model: ours, $epochs epochs (log $log)"
  # --patience: with no validation split the trainer keeps the epoch of lowest training loss; never stop early.
  if ! DENOISEAPI_CACHE="$scratch/cache" "${trainer[@]}" train-zoo --model "$model" --epochs "$epochs" --seed "$SEED" \
      --validation 0 --schedule Constant --patience 1000 --no-publish --no-report --data "$DATA" \
      --out "$scratch/models" "${target[@]}" >"$log" 2>&1; then
    say "$model: train-zoo failed, see $log"; tail -n 5 "$log" >&2; continue
  fi
  checkpoint="$scratch/cache/checkpoints/$model.weights"
  ours=$("${torch[@]}" --model "$model" --score-weights "$checkpoint" | grep '^RESULT ')
  say "[$(date -u +%H:%M:%S)] $model: PyTorch, $epochs epochs"
  theirs=$("${torch[@]}" --model "$model" --train-epochs "$epochs" --max-shift "$SHIFT" \
    --save-weights "$scratch/$model.torch.weights" | tee "$scratch/$model.torch.log" | grep '^RESULT ')

  ours_seconds=$(ours_field "$log" 's/.*[;,] ([0-9.]+) s\/epoch.*/\1/p')
  # CPU seconds of the process per epoch (all threads): the fair speed figure on a busy machine
  ours_cpu=$(sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r/\n/g' "$log" | sed -En 's/^ *epoch .*\(cpu ([0-9.]+) s\).*/\1/p' |
    awk '{ s += $1; n++ } END { if (n) printf "%.2f", s / n }')
  best=$(ours_field "$log" 's/.*Best epoch ([0-9]+ of [0-9]+).*/\1/p')
  [[ $best == "$epochs of $epochs" ]] || say "$model: our trainer kept epoch $best (lowest training loss), not the last"
  if [[ $kind == denoiser ]]; then
    engine_eval=$(ours_field "$log" 's/.*Test: .* BCE ([0-9.]+) PSNR.*/\1/p')
    ours_quality=$(awk -v v="$(value "$ours" psnr)" 'BEGIN { printf "%.2f dB", v }')
    torch_quality=$(awk -v v="$(value "$theirs" psnr)" 'BEGIN { printf "%.2f dB", v }')
    loss_name="BCE"
  else
    engine_eval=$(ours_field "$log" 's/.*Test: .* clean ([0-9.]+) ?%.*/\1%/p')
    ours_quality=$(awk -v v="$(value "$ours" accuracy)" 'BEGIN { printf "%.2f%%", 100 * v }')
    torch_quality=$(awk -v v="$(value "$theirs" accuracy)" 'BEGIN { printf "%.2f%%", 100 * v }')
    loss_name="CE"
  fi
  [[ -n $engine_eval && -n $ours_seconds ]] || say "$model: could not read our trainer's Test/s-per-epoch lines (format changed?), see $log"
  ours_loss=$(value "$ours" loss)
  torch_loss=$(value "$theirs" loss)
  diff=$(awk -v a="$ours_loss" -v b="$torch_loss" 'BEGIN { printf "%+.2f", 100 * (a - b) / b }')
  within=$(awk -v d="$diff" -v t="$TOLERANCE" 'BEGIN { print (d <= t && d >= -t) ? "yes" : "no" }')
  row=$(printf '| %-15s | %6s | %-4s | %10.5f | %10.5f | %8s%% | %-6s | %10s | %10s | %11s | %15s | %15s |' \
    "$model" "$epochs" "$loss_name" "$ours_loss" "$torch_loss" "$diff" "$within" "$ours_quality" "$torch_quality" \
    "${engine_eval:-?}" "${ours_seconds:-?} / ${ours_cpu:-?}" "$(value "$theirs" s_per_epoch) / $(value "$theirs" cpu_s_per_epoch)")
  rows+=("$row")
  say "$row"
done

echo "Test loss after equal epochs (constant lr, no validation split, seed $SEED), both models scored by zoo_bench.py on"
echo "the same noisy test digits; within ${TOLERANCE}% means |ours - torch| / torch <= ${TOLERANCE}%. PyTorch: $("$PYTHON" -c 'import torch; print(torch.__version__)'),"
echo "$TORCH_THREADS threads; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); classifier shift (PyTorch side): $SHIFT."
echo
printf '| %-15s | %6s | %-4s | %10s | %10s | %9s | %-6s | %10s | %10s | %11s | %15s | %15s |\n' model epochs loss "ours" "torch" \
  "diff" "<=${TOLERANCE}%" "ours q" "torch q" "ours (own)" "ours s/epoch" "torch s/epoch"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' ----------------- -------- ------ ------------ ------------ ----------- \
  -------- ------------ ------------ ------------- ----------------- -----------------
for row in "${rows[@]}"; do echo "$row"; done
echo
echo "ours/torch: test loss (BCE for denoisers, cross-entropy for the classifier); q: mean test PSNR (denoisers) or clean"
echo "test accuracy (classifier); ours (own): the BCE or clean accuracy our trainer printed on its own noisy test digits;"
echo "s/epoch: wall / CPU seconds (all threads of the process) per training epoch."
