import gc
import threading

import pytest

from scrutiny.core.collector import cycle_collector_paused


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_in_the_block_and_back_on_after(collector_on):
    with cycle_collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_comes_back_on_after_a_refusal(collector_on):
    with pytest.raises(ValueError), cycle_collector_paused():
        raise ValueError("refused")
    assert gc.isenabled()


def test_nested_blocks_leave_it_off_until_the_outer_one_ends(collector_on):
    with cycle_collector_paused():
        with cycle_collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_overlapping_blocks_in_threads_switch_it_back_on_at_the_last_end(collector_on):
    inside, leave = threading.Event(), threading.Event()

    def other():
        with cycle_collector_paused():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with cycle_collector_paused():
        pass
    assert not gc.isenabled()  # the other thread's block is still open
    leave.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    was = gc.isenabled()
    gc.disable()
    try:
        with cycle_collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
