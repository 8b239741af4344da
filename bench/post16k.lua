-- wrk script: POST a 16 KiB body (bench/run.sh, scenario "POST 16KiB").
wrk.method = "POST"
wrk.body = string.rep("p", 16 * 1024)
wrk.headers["Content-Type"] = "application/octet-stream"
