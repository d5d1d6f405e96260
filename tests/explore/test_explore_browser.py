"""The explorer in a real headless Chromium (Selenium + the system's chromium and chromedriver).

The server runs in a thread on a free loopback port. For every page the browser opens it, the
formulas are typeset (MathJax from the server, not a CDN), a parameter is changed in the number
field, and the value displayed for it must equal what the model returns for the new parameters
(computed here by calling the model's public API directly, not the page). A screenshot of each
page is written to ``$EXPLORE_SCREENSHOTS`` (default: a temporary folder printed in the log).

Skipped, with the reason, only when no Chromium/chromedriver is installed (CI installs them); with
Chromium present, a missing ``dash`` (the ``explore`` extra) or ``selenium`` (the ``test`` extra) is
an error, not a skip.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser", shutil.which("chromium") or "")
                 if p and os.path.exists(p)), None)
CHROMEDRIVER = next((p for p in ("/usr/bin/chromedriver", shutil.which("chromedriver") or "")
                     if p and os.path.exists(p)), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                                reason="no chromium/chromedriver on this machine (apt-get install chromium "
                                       "chromium-driver; .ci/run installs them)")

SHOTS = Path(os.environ.get("EXPLORE_SCREENSHOTS") or tempfile.mkdtemp(prefix="explorer-shots-"))


@pytest.fixture(scope="module")
def server():
    from gametheory.explore._server import Server

    srv = Server().start()
    yield srv
    srv.shutdown()


@pytest.fixture(scope="module")
def browser(request):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="explorer-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--window-size=1400,1800"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
    shots = sorted(p.name for p in SHOTS.glob("explorer-*.png"))
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if capture is not None and shots:   # into the test log itself, not only the captured output
        with capture.global_and_fixture_disabled():
            print(f"\nexplorer screenshots in {SHOTS}: {', '.join(shots)}")


def _wait(predicate, timeout=45.0, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = predicate()
        except Exception:  # element not there yet, or replaced while reading
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _text(driver, element_id):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, element_id).text.strip()


def _set(driver, element_id, value):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    for _ in range(3):   # a loaded machine can drop a keystroke: type until the field shows the value
        box = driver.find_element(By.ID, element_id)
        box.click()
        driver.execute_script("arguments[0].select();", box)
        box.send_keys(Keys.BACKSPACE)
        box.send_keys(str(value))
        if box.get_attribute("value") == str(value):
            box.send_keys(Keys.ENTER)
            return
    raise AssertionError(f"could not type {value!r} into {element_id}")


def _open(driver, server, slug, probe_id):
    driver.get(f"{server.url}/{slug}")
    _wait(lambda: _text(driver, probe_id), what=f"{slug}: {probe_id}")
    _wait(lambda: driver.find_elements("css selector", f"#{slug}-formulas mjx-container"),
          what=f"{slug}: typeset formulas")
    _wait(lambda: (driver.find_element("id", f"{slug}-figure").get_attribute("src") or "").startswith("data:image/png"),
          what=f"{slug}: figure")


def _changed(driver, element_id, before):
    return _wait(lambda: (lambda t: t if t and t != before else None)(_text(driver, element_id)),
                 what=f"{element_id} to change from {before!r}")


def _shot(driver, slug):
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"explorer-{slug}.png"
    driver.save_screenshot(str(path))
    print(f"screenshot: {path}")


def _exact(text):
    return sp.Rational(text)


def test_first_page_is_fast_and_offline(server, browser):
    start = time.monotonic()
    _open(browser, server, "classic", "classic-value-pure")
    elapsed = time.monotonic() - start
    print(f"first page (classic) complete after {elapsed:.2f} s")
    assert elapsed < 5, f"first page took {elapsed:.1f} s"
    # every resource the page loaded came from this server (no CDN: works without a network)
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    foreign = [u for u in urls if not (u.startswith(server.url) or u.startswith("data:"))]
    assert not foreign, foreign
    # the prisoner's dilemma default (T > R > P > S): (D, D) is the only equilibrium
    assert _text(browser, "classic-value-pure") == "(D, D)"
    _shot(browser, "home-classic")


def test_home_page_links_every_family(server, browser):
    browser.get(server.url + "/")
    links = _wait(lambda: browser.find_elements("css selector", "#page-home li a"), what="the home page's links")
    assert [a.get_attribute("pathname") for a in links] == ["/classic", "/diffusion", "/brand", "/rd", "/evolution",
                                                            "/network"]
    links[-1].click()                       # client-side navigation to a page, which then computes
    _wait(lambda: _text(browser, "network-value-final-gap"), what="the network page after a click")


def test_classic_page_follows_a_payoff_change(server, browser):
    from gametheory import NormalFormGame

    _open(browser, server, "classic", "classic-value-pure")
    _set(browser, "classic-T", 2)        # T = 2 < R = 3 and P = 1 > S = 0: a stag hunt
    shown = _changed(browser, "classic-value-pure", "(D, D)")
    game = NormalFormGame(([[3, 0], [2, 1]], [[3, 2], [0, 1]]), strategies=("C", "D"))
    expected = ", ".join("(" + ", ".join(game.profile_labels(p)) + ")" for p in game.pure_equilibria())
    assert shown == expected == "(C, C), (D, D)"
    assert _text(browser, "classic-value-count") == str(len(game.equilibria().equilibria)) == "3"
    _shot(browser, "classic")


def test_diffusion_page_welfare_equals_the_model(server, browser):
    from gametheory.models.diffusion import TechnologyDiffusion
    from gametheory.models.diffusion.licensing import compare_institutions

    _open(browser, server, "diffusion", "diffusion-value-planner")
    before = _text(browser, "diffusion-value-laissez-faire")
    assert before == "32"                 # README: a = 10, b = 1, c = (1, 2, 3), no diffusion: W = 32
    _set(browser, "diffusion-cG", 4)
    shown = _changed(browser, "diffusion-value-laissez-faire", before)
    # the page prices fine inspection and mandate enforcement at 0, explicitly (and says so)
    inst = compare_institutions(TechnologyDiffusion(10, 1, (1, 2, 4), beta=1), shadow_cost=Fraction(1, 5),
                                inspection_cost=0, enforcement_cost=0)
    assert _exact(shown) == inst.laissez_faire
    assert _exact(_text(browser, "diffusion-value-planner")) == inst.planner
    assert _exact(_text(browser, "diffusion-value-coordinator")) == inst.coordinator
    assert _exact(_text(browser, "diffusion-value-licensing")) == inst.licensing
    _shot(browser, "diffusion")


def test_brand_page_quality_and_instrument_equal_the_model(server, browser):
    from gametheory.models.brand import RegionalBrand

    _open(browser, server, "brand", "brand-value-brand-nash-quality")
    assert _text(browser, "brand-value-brand-nash-quality") == "1/4"     # θ/(kn) = 1/4 at n = 4
    _set(browser, "brand-n", 5)
    shown = _changed(browser, "brand-value-brand-nash-quality", "1/4")
    assert shown == "1/5"                                                # θ/(kn), by hand
    model = RegionalBrand(5, 1, 1)
    pol = model.coordinate(shadow_cost=Fraction(1, 4), inspection_cost=Fraction(1, 2), max_fine=1,
                           traceability_cost=Fraction(1, 4))
    assert _exact(shown) == model.equilibrium().quality
    assert _text(browser, "brand-value-brand-best") == pol.best
    assert _exact(_text(browser, "brand-value-brand-welfare")) == pol.welfare
    _shot(browser, "brand")


def test_rd_page_rd_by_regime_equals_the_model(server, browser):
    from gametheory.models.rd import SpilloverRD

    _open(browser, server, "rd", "rd-value-rd-noncooperative")
    assert _text(browser, "rd-value-rd-noncooperative") == "2"           # SpilloverRD's doc example
    _set(browser, "rd-beta", 0.25)
    shown = _changed(browser, "rd-value-rd-noncooperative", "2")
    regimes = SpilloverRD(a=25, b=1, A=10, beta=Fraction(1, 4), gamma=3).regimes()
    # dAJ by hand: x^N = 15 (7/4) / (27/2 - (7/4)(5/4)) = (105/4) / (181/16) = 420/181
    assert _exact(shown) == regimes["noncooperative"].rd == sp.Rational(420, 181)
    for name, o in regimes.items():
        assert _exact(_text(browser, f"rd-value-rd-{name}")) == o.rd
        assert _text(browser, f"rd-value-valid-{name}") == str(o.valid)
    _shot(browser, "rd")


def test_evolution_page_stability_equals_the_model(server, browser):
    from gametheory import Replicator

    _open(browser, server, "evolution", "evolution-value-stable")
    assert _text(browser, "evolution-value-stable") == "(1, 1), (0, 0)"  # stag hunt: both strict NE
    _set(browser, "evolution-a11", 1)     # row's first strategy now strictly dominated (1 < 2)
    shown = _changed(browser, "evolution-value-stable", "(1, 1), (0, 0)")
    stab = Replicator([[[1, 0], [2, 2]], [[3, 2], [0, 2]]]).stability()
    expected = [s.rest_point.shares for s in stab if s.classification == "asymptotically stable"]
    assert shown == ", ".join(f"({x[0]}, {y[0]})" for x, y in expected) == "(0, 0)"
    _shot(browser, "evolution")


def test_network_page_runs_the_simulation_live(server, browser):
    from gametheory.dynamics import Rules, random_cluster, simulate

    _open(browser, server, "network", "network-value-final-gap")
    before = _text(browser, "network-value-final-gap")
    _set(browser, "network-seed", 7)
    shown = _changed(browser, "network-value-final-gap", before)
    run = simulate(random_cluster(30, 4.0, seed=7), Rules(diffusion_rate=0.5, innovation_rate=0.05), 40, seed=7)
    assert float(shown) == pytest.approx(float(run.gap[-1]), rel=1e-5)
    _shot(browser, "network")


def test_out_of_range_input_is_refused_with_a_message(server, browser):
    _open(browser, server, "rd", "rd-value-rd-noncooperative")
    _set(browser, "rd-beta", 3)
    msg = _wait(lambda: _text(browser, "rd-status") if "must lie in" in _text(browser, "rd-status") else None,
                what="a range message")
    assert "β (spillover) must lie in [0, 1]" in msg
