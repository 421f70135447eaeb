# The closing line of tools/test.sh (bash). Source it, then:
#   crimesh_test_summary LOG EXIT_CODE
# LOG is the console output of `dotnet test`; EXIT_CODE its exit status. Sums the per-project summary
# lines that VSTest prints,
#   Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: ...
#   Failed!  - Failed:     1, Passed:    11, Skipped:     0, Total:    12, Duration: ...
# and prints "N passed, M failed, K skipped" as the last line. A non-zero exit code with no failed
# test in the log (a crashed or hung test host, a missing project) counts as one failure. Returns 0
# only when nothing failed and at least one test ran and passed (all skipped is not a pass).
crimesh_test_summary() {
    local log=$1 rc=$2 passed=0 failed=0 skipped=0 projects=0
    local f p s
    while read -r f p s; do
        failed=$((failed + f))
        passed=$((passed + p))
        skipped=$((skipped + s))
        projects=$((projects + 1))
    done < <(sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" |
        sed -n -E 's/^[[:space:]]*[A-Za-z]+! +- +Failed: +([0-9]+), +Passed: +([0-9]+), +Skipped: +([0-9]+), +Total: +[0-9]+.*/\1 \2 \3/p')
    if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
        echo "dotnet test exited with $rc but no test failed in $projects project summaries (crashed or hung test host?); counted as 1 failed"
        failed=1
    fi
    if [ $((passed + failed)) -eq 0 ]; then
        echo "no test ran ($skipped skipped)"
    fi
    echo "$passed passed, $failed failed, $skipped skipped"
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
