"""trillmag/batches.py: what saves ask for inside a batch is done once, at the end of the outermost block."""
import pytest

from trillmag.batches import Batch


def test_nested_blocks_are_done_once_with_everything_gathered():
    done = []
    batch = Batch(done.append)
    with batch.gathering():
        assert batch.add("a", "b")
        with batch.gathering():
            assert batch.add("b", "c")
        assert done == []
    assert done == [{"a", "b", "c"}]


def test_outside_a_block_nothing_is_kept_and_an_empty_block_does_nothing():
    done = []
    batch = Batch(done.append)
    assert batch.add("a") is False
    with batch.gathering():
        pass
    assert done == []


def test_what_was_gathered_is_done_even_when_the_block_fails():
    done = []
    batch = Batch(done.append)
    with pytest.raises(RuntimeError), batch.gathering():
        batch.add("a")
        raise RuntimeError
    assert done == [{"a"}] and batch.add("b") is False
