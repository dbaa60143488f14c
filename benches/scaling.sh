#!/usr/bin/env bash
# Whole-process time and peak memory of each ormgen command on synthetic
# schemas of N models, as the scaling table of docs/performance.md shows them:
#
#   bash benches/scaling.sh              # N = 1,000, 10,000, 100,000
#   bash benches/scaling.sh 1000 5000    # other sizes
#
# Needs bash 5 and /usr/bin/time (Debian's `time` package). Each figure is
# the best of three runs (RUNS=5 for five; wall time in milliseconds) and
# the peak resident memory of that run. Prints a
# Markdown table, then the ratio between consecutive sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
runs=${RUNS:-3}
cargo build --release --quiet --bin ormgen --example synth
bin=target/release/ormgen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# best_of COMMAND...: prints "seconds kilobytes" of the fastest run. An
# argument @OUT@ becomes a new directory name on each run, and the old ones
# stay until the end: ext4 is slow to create thousands of files just after
# deleting thousands, which would measure the file system, not ormgen.
best_of() {
    local best="" line args a
    for _ in $(seq "$runs"); do
        args=()
        for a in "$@"; do
            if [ "$a" = @OUT@ ]; then
                args+=("$(mktemp -u -p "$work" out.XXXXXX)")
            else
                args+=("$a")
            fi
        done
        # Wall time from bash's clock in microseconds (`time`'s own is in
        # steps of 10 ms, too coarse for a ratio to 0.08 s); peak memory
        # from `time`.
        local start=$EPOCHREALTIME
        /usr/bin/time -f "%M" -o "$work/time" "${args[@]}" >/dev/null 2>"$work/stderr" || {
            cat "$work/stderr" >&2
            exit 1
        }
        local end=$EPOCHREALTIME
        line="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }') $(tail -n 1 "$work/time")"
        if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
            best=$line
        fi
    done
    echo "$best"
}

declare -A seconds memory
commands=(check "ddl --dialect postgres" "graph --format mermaid" build)
for n in "${sizes[@]}"; do
    schema="$work/synth-$n.models"
    target/release/examples/synth "$n" >"$schema"
    for c in "${commands[@]}"; do
        case $c in
            build) result=$(best_of "$bin" build "$schema" -o @OUT@) ;;
            *) result=$(best_of "$bin" $c "$schema") ;;
        esac
        seconds[$n,$c]=${result%% *}
        memory[$n,$c]=${result##* }
    done
    echo "N = $n: $(du -h "$schema" | cut -f1) of schema" >&2
done

printf '| command |'
for n in "${sizes[@]}"; do printf ' N = %s |' "$n"; done
printf '\n|---|'
for _ in "${sizes[@]}"; do printf -- '---|'; done
printf '\n'
for c in "${commands[@]}"; do
    printf '| `ormgen %s` |' "$c"
    for n in "${sizes[@]}"; do
        printf ' %s s, %s MB |' "${seconds[$n,$c]}" "$((memory[$n,$c] / 1024))"
    done
    printf '\n'
done
printf '\nratio of time between consecutive sizes:\n'
for c in "${commands[@]}"; do
    printf '  %-24s' "$c"
    prev=""
    for n in "${sizes[@]}"; do
        if [ -n "$prev" ]; then
            awk -v a="${seconds[$n,$c]}" -v b="${seconds[$prev,$c]}" 'BEGIN { if (b > 0) printf " %.1fx", a / b; else printf " -" }'
        fi
        prev=$n
    done
    printf '\n'
done
