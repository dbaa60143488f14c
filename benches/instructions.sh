#!/usr/bin/env bash
# Instructions each stage of ormgen executes on synthetic schemas of N
# models, counted by valgrind's callgrind, and their ratio between sizes:
#
#   bash benches/instructions.sh              # N = 1,000, 10,000, 100,000
#   bash benches/instructions.sh 1000 5000    # other sizes
#
# A count does not depend on the processor's caches, the machine's load or
# the memory a virtual machine's host hands out late, so its ratio is the
# work a stage does, where a ratio of times also carries the memory's
# answer to a working set larger than the caches (see docs/performance.md).
#
# Needs valgrind (Debian's `valgrind`, which has callgrind_annotate) and
# taskset (`util-linux`). The three sizes take ten to fifteen minutes:
# callgrind runs the program some 50 times slower.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
for tool in valgrind callgrind_annotate taskset; do
    command -v "$tool" >/dev/null || { echo "benches/instructions.sh needs $tool" >&2; exit 1; }
done
cargo build --release --quiet --example stages --example synth
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

stages=(parse resolve ddl mermaid rust)
declare -A count
for n in "${sizes[@]}"; do
    schema="$work/synth-$n.models"
    target/release/examples/synth "$n" >"$schema"
    # On one core the stages that split their work over threads do it all
    # on the calling one, so each instruction is counted under the stage
    # that asked for it.
    taskset -c 0 valgrind --tool=callgrind --dump-instr=no \
        --callgrind-out-file="$work/callgrind-$n" \
        target/release/examples/stages "$schema" >/dev/null 2>"$work/valgrind-$n" || {
        cat "$work/valgrind-$n" >&2
        exit 1
    }
    # Inclusive counts of each stage's function (examples/stages.rs).
    callgrind_annotate --inclusive=yes --threshold=100 "$work/callgrind-$n" >"$work/annotated-$n" 2>/dev/null
    for s in "${stages[@]}"; do
        count[$n,$s]=$(awk -v f="stages::stage_$s" '$0 ~ f" \\[" { gsub(",", "", $1); print $1; exit }' "$work/annotated-$n")
        [ -n "${count[$n,$s]}" ] || { echo "no count for stage $s at N = $n" >&2; exit 1; }
    done
    echo "N = $n counted" >&2
done

printf '| stage |'
for n in "${sizes[@]}"; do printf ' N = %s |' "$n"; done
for ((i = 1; i < ${#sizes[@]}; i++)); do printf ' %s → %s |' "${sizes[i-1]}" "${sizes[i]}"; done
printf '\n|---|'
for ((i = 1; i < 2 * ${#sizes[@]}; i++)); do printf -- '---|'; done
printf '\n'
for s in "${stages[@]}"; do
    printf '| %s |' "$s"
    for n in "${sizes[@]}"; do
        awk -v c="${count[$n,$s]}" 'BEGIN { printf " %.1f M |", c / 1e6 }'
    done
    for ((i = 1; i < ${#sizes[@]}; i++)); do
        awk -v a="${count[${sizes[i-1]},$s]}" -v b="${count[${sizes[i]},$s]}" \
            'BEGIN { printf " %.2f× |", b / a }'
    done
    printf '\n'
done
