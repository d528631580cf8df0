from datetime import date

import pytest

from generator.config import ConfigError, load_config, with_site_url
from tests.support.paths import ROOT


def write(tmp_path, text):
    path = tmp_path / "digest.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_loads():
    config = load_config(ROOT / "digest.toml")
    assert config.site.title
    assert config.build.per_page >= 1


def test_missing_file_means_defaults(tmp_path):
    config = load_config(root=tmp_path)
    assert config.build.output == "output" and config.root == tmp_path


def test_dump_years_and_capture_days(tmp_path):
    config = load_config(write(tmp_path, '[dumps."a.txt"]\nyear = 2024\n[dumps."b.txt"]\ncaptured = 2025-03-12\n'))
    assert config.dumps["b.txt"].captured == date(2025, 3, 12)
    assert config.stated_years() == {"a.txt": 2024, "b.txt": 2025}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[site]\ntitel = 'x'\n", "unknown key 'site.titel'"),
        ("[sight]\n", "unknown key 'sight' (known: site, build, feeds, feed, dumps)"),
        ("[[feeds]]\nitems = 5\n", "'feeds' must be a table ([feeds]); your own feeds are [[feed]] tables"),
        ("[[feed]]\nname = 'x'\ntitle = 'X'\n", "feed 'x': needs at least one rule"),
        ("[build]\nper_page = 0\n", "'build.per_page' must be at least 1"),
        ("[build]\nper_page = 'ten'\n", "'build.per_page' must be a whole number"),
        ("[site]\nurl = 'example.com'\n", "'site.url' must be an http(s) URL"),
        ("[feeds]\nmin_upvotes = -1\n", "'feeds.min_upvotes' must not be negative"),
        ('[dumps."a.txt"]\nyear = 25\n', "not a plausible year"),
        ('[dumps."a.txt"]\ncaptured = "Dec 12"\n', "must be a date like 2025-12-12"),
        ("[site\n", "not valid TOML"),
    ],
)
def test_bad_settings_name_the_key(tmp_path, text, message):
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text))
    assert message in str(error.value)


def test_every_problem_is_reported_at_once(tmp_path):
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, "[site]\ntitel = 1\n[build]\nper_page = 0\n"))
    assert len(str(error.value).splitlines()) == 2


def test_site_url_from_the_command_line_is_checked(tmp_path):
    config = load_config(root=tmp_path)
    assert with_site_url(config, "https://me.github.io/digest/").site.url == "https://me.github.io/digest/"
    with pytest.raises(ConfigError, match="--site-url"):
        with_site_url(config, "me.github.io")
    for unquotable in (
        'https://me.github.io/a"b/',
        "https://me.github.io/a=b/",
        "https://me.github.io/<x>/",
        "https://me.github.io/\n",
    ):
        with pytest.raises(ConfigError, match="--site-url"):  # pages write it unquoted in attributes
            with_site_url(config, unquotable)
