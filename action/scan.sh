#!/usr/bin/env bash
# Runs `trailscan scan` with the action's inputs and writes what the next steps need to $GITHUB_OUTPUT.
# It exits 0 whatever the scan found: the exit code is an output, so the SARIF upload can run before
# conclude.sh fails the job.
#
# Environment: INPUT_FAIL_ON, INPUT_REGIONS, INPUT_CHECKS, INPUT_ARGS (white-space separated, no quoting),
# INPUT_OUTPUT_DIR, INPUT_CATEGORY, INPUT_UPLOAD_SARIF, INPUT_UPLOAD_INCOMPLETE, GITHUB_OUTPUT, and
# TRAILSCAN_HOME (the built trailscan; defaults to the action's root).
set -euo pipefail

home=${TRAILSCAN_HOME:-$(dirname "$0")/..}
mkdir -p "${INPUT_OUTPUT_DIR:-trailscan-results}"
out_dir=$(cd "${INPUT_OUTPUT_DIR:-trailscan-results}" && pwd)
sarif=$out_dir/trailscan.sarif
report=$out_dir/trailscan.json
junit=$out_dir/trailscan.junit.xml
# A file left by an earlier run must never be taken for this scan's.
rm -f "$sarif" "$report" "$junit"

args=(scan --format text --fail-on "${INPUT_FAIL_ON:-low}" -o "sarif=$sarif" -o "json=$report" -o "junit=$junit")
if [[ -n ${INPUT_REGIONS:-} ]]; then args+=(--regions "$INPUT_REGIONS"); fi
if [[ -n ${INPUT_CHECKS:-} ]]; then args+=(--checks "$INPUT_CHECKS"); fi
if [[ -n ${INPUT_ARGS:-} ]]; then
  read -r -a extra <<<"$INPUT_ARGS"
  args+=("${extra[@]}")
fi

set +e
node "$home/dist/cli/trailscan.cjs" "${args[@]}"
exit_code=$?
set -e

# Complete only if the CLI did not say "incomplete" (4) and the report it wrote agrees: a failed scan
# (exit 3) can be incomplete too.
complete=false
if [[ $exit_code != 4 && -f $report ]]; then
  complete=$(node -e 'const fs = require("node:fs");
    process.stdout.write(String(JSON.parse(fs.readFileSync(process.argv[1], "utf8")).gate?.complete === true));' "$report")
fi

# upload-sarif only applies its category to runs that have none, and ours name one per account.
# shellcheck disable=SC2016 # the $ and backquotes below are JavaScript's
if [[ -n ${INPUT_CATEGORY:-} && -f $sarif ]]; then
  node -e 'const fs = require("node:fs");
    const [file, category] = process.argv.slice(1);
    const log = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const run of log.runs) run.automationDetails = { id: category.endsWith("/") ? category : `${category}/` };
    fs.writeFileSync(file, `${JSON.stringify(log, null, 2)}\n`);' "$sarif" "$INPUT_CATEGORY"
fi

# An upload replaces the previous analysis of its category: alerts missing from an incomplete scan would
# be closed as fixed. So an incomplete scan is uploaded only on request.
upload=false
if [[ ${INPUT_UPLOAD_SARIF:-true} == true && -f $sarif ]]; then
  if [[ $complete == true || ${INPUT_UPLOAD_INCOMPLETE:-false} == true ]]; then
    upload=true
  else
    echo "::warning title=trailscan::The scan was incomplete, so its SARIF was not uploaded (alerts of what could not be read would have been closed). Set upload-incomplete to upload it anyway."
  fi
fi

exists() { if [[ -f $1 ]]; then echo "$1"; fi; }
{
  echo "exit-code=$exit_code"
  echo "complete=$complete"
  echo "upload=$upload"
  echo "sarif-file=$(exists "$sarif")"
  echo "report-file=$(exists "$report")"
  echo "junit-file=$(exists "$junit")"
} >>"$GITHUB_OUTPUT"
