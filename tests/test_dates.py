import pytest

from argmap.dates import find_date


@pytest.mark.parametrize(
    "line, iso",
    [
        ("2024. 02. 22 | CO 24-17", "2024-02-22"),
        ("2024-02-22", "2024-02-22"),
        ("2023/3/7", "2023-03-07"),
        ("Published February 22, 2024", "2024-02-22"),
        ("March 3rd, 2023", "2023-03-03"),
        ("22 February 2024", "2024-02-22"),
        ("Updated Sept. 5, 2021", "2021-09-05"),
        ("June 2020", "2020-06"),
    ],
)
def test_dates(line, iso):
    assert find_date(line)[0] == iso


@pytest.mark.parametrize("line", ["2024. 13. 40", "No date here", "Room 2024", "We may 2020 act"])
def test_no_date(line):
    assert find_date(line) is None
