#!/usr/bin/env bash
# Ends the job with the scan's verdict, after the SARIF upload. Exit codes are the CLI's: 0 ok, 1 internal
# error, 2 usage or credentials, 3 failed results at or above fail-on, 4 scan incomplete.
#
# Environment: SCAN_EXIT_CODE, INPUT_FAIL_ON, INPUT_FAIL_ON_INCOMPLETE.
set -euo pipefail

code=${SCAN_EXIT_CODE:?the scan step recorded no exit code}
case $code in
  0) ;;
  3)
    echo "::error title=trailscan::Failed results at or above fail-on (${INPUT_FAIL_ON:-low}); see the scan step's report."
    exit 3
    ;;
  4)
    if [[ ${INPUT_FAIL_ON_INCOMPLETE:-true} == true ]]; then
      echo "::error title=trailscan::The scan was incomplete: some Regions or controls could not be read; see the scan step's report."
      exit 4
    fi
    echo "::warning title=trailscan::The scan was incomplete: some Regions or controls could not be read; see the scan step's report."
    ;;
  *)
    echo "::error title=trailscan::trailscan exited with $code (1 internal error, 2 usage, configuration or credentials); see the scan step's log."
    exit "$code"
    ;;
esac
