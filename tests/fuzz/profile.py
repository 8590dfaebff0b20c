"""The hypothesis profile of the fuzz tests.

Deterministic (`derandomize`: the examples follow from each test's name, so a run can be
repeated and a failure reproduced), no deadline (a request's time varies with the
machine), nothing kept in an example database, and few enough examples that all the fuzz
tests take about a minute on one database on two cores. For a deeper run, raise the count:
`SCRUTINY_FUZZ_EXAMPLES=500 pytest tests/fuzz`."""

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("SCRUTINY_FUZZ_EXAMPLES", "20"))

settings.register_profile(
    "fuzz",
    derandomize=True,
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    print_blob=False,
    # Each test signs in once and undoes every example's writes itself, so the
    # function-scoped fixtures are meant to be shared; huge inputs are meant to be huge.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
FUZZ = settings.get_profile("fuzz")
