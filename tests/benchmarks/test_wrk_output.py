"""The page benchmark reads wrk's report; a misread figure would make its verdict wrong."""

import pytest

from benchmarks.wrk_runs import parse_wrk_output

LOADED = """\
Running 10s test @ http://127.0.0.1:40123/meetings/4711/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.07s   512.31ms   2.00s    61.54%
    Req/Sec     3.12      4.02    20.00     88.00%
  Latency Distribution
     50%  950.12ms
     75%    1.41s
     90%    1.83s
     99%    1.99s
  26 requests in 10.02s, 3.05MB read
  Socket errors: connect 0, read 2, write 0, timeout 7
  Non-2xx or 3xx responses: 3
Requests/sec:      2.59
Transfer/sec:    311.62KB
"""

FAST_WITH_HOOK = """\
Running 2s test @ http://127.0.0.1:40123/healthz
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    25.61ms   10.25ms 107.07ms   71.53%
    Req/Sec     0.98k   145.31     1.32k    69.50%
  Latency Distribution
     50%  823.00us
     75%   30.21ms
     90%   38.97ms
     99%   60.52ms
  3906 requests in 2.01s, 1.12MB read
Requests/sec:   1943.28
Transfer/sec:    571.88KB
BENCH-JSON {"requests": 3906, "duration_us": 2010000, "bytes": 1174000, "connect": 0, \
"read": 0, "write": 0, "status": 0, "timeout": 0, "p50_us": 823, "p90_us": 38970, \
"p95_us": 44512, "p99_us": 60520, "max_us": 107070}
"""


def test_a_slow_run_gives_rate_percentiles_in_milliseconds_and_every_error():
    result = parse_wrk_output(LOADED)
    assert result.requests == 26
    assert result.requests_per_second == pytest.approx(2.59)
    assert result.percentiles_ms == pytest.approx(
        {"p50": 950.12, "p75": 1410.0, "p90": 1830.0, "p99": 1990.0}
    )
    assert result.latency(95) is None  # wrk's text gives no 95th percentile
    assert result.socket_errors == {"connect": 0, "read": 2, "write": 0, "timeout": 7}
    assert result.errors == 9
    assert result.non_2xx_3xx == 3


def test_the_done_hook_adds_the_exact_95th_percentile():
    result = parse_wrk_output(FAST_WITH_HOOK)
    assert result.requests_per_second == pytest.approx(1943.28)
    assert result.latency(50) == pytest.approx(0.823)
    assert result.latency(95) == pytest.approx(44.512)
    assert result.latency(99) == pytest.approx(60.52)
    assert result.errors == 0
    assert result.non_2xx_3xx == 0


def test_a_run_that_measured_nothing_reads_as_nothing():
    result = parse_wrk_output("unable to connect to 127.0.0.1:1 Connection refused\n")
    assert result.requests == 0
    assert result.requests_per_second == 0
    assert result.percentiles_ms == {}


def test_a_run_where_no_answer_arrived_has_no_latencies_rather_than_zero():
    output = LOADED.replace("26 requests in", "0 requests in") + (
        'BENCH-JSON {"requests": 0, "duration_us": 5000000, "bytes": 0, "connect": 0, '
        '"read": 0, "write": 0, "status": 0, "timeout": 0, "p50_us": 0, "p90_us": 0, '
        '"p95_us": 0, "p99_us": 0, "max_us": 0}\n'
    )
    result = parse_wrk_output(output)
    assert result.requests == 0
    assert result.latency(50) is None
    assert result.latency(95) is None
