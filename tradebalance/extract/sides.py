"""Whose statistics a figure is read on, with which partner, and which flow from the reporter's side.

The README's rule: the agency the words name decides (``the Finance Ministry`` → Japan's statistics, ``the
Commerce Department`` → the U.S.'s); else the currency (yen → MOF, reporter ``JPN``; dollars → Census,
reporter ``USA``); else whose flow the words say (*Japan's* surplus, *U.S.* exports). Counts of goods are MOF's
(only MOF publishes units). A figure about one country read on the other's statistics is its mirror: Japan's
surplus in dollars is the U.S. deficit (a negative U.S. balance), Japan's exports to the U.S. in dollars are
U.S. imports from Japan; the draft offers the unmirrored reading as an alternative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tradebalance.extract import cues
from tradebalance.extract.scene import Scene

PAIR = ("JPN", "USA")
_MIRROR = {"exports": "imports", "imports": "exports", "total": "total"}


def other(code: str) -> str:
    """The other country of the Japan–U.S. pair (``JPN`` → ``USA``), or ``""``."""
    return {"JPN": "USA", "USA": "JPN"}.get(code, "")


@dataclass
class Side:
    """A figure's reporter, partner and flow (from the reporter's side), and how each was found."""

    reporter: str
    partner: str
    flow: str
    sign: int = 1
    found: dict[str, str] = field(default_factory=dict)
    mirror: dict[str, Any] = field(default_factory=dict)
    """The unmirrored reading (reporter, partner, flow, sign), offered as an alternative."""

    @property
    def metric(self) -> str:
        """``balance`` for a Japan–U.S. balance, else ``flow`` (with ``flow`` the surplus or deficit)."""
        return (
            "balance" if self.flow in ("surplus", "deficit") and {self.reporter, self.partner} == set(PAIR) else "flow"
        )

    @property
    def balance_flow(self) -> str:
        """The flow of a balance from the reporter's side: ``surplus`` or ``deficit``."""
        return "surplus" if self.sign > 0 else "deficit"


def reporter(scene: Scene, currency: str, owner: str, partner: str, counts: bool, noun: str = "") -> tuple[str, str]:
    """The reporter of a figure and how it was found (``words``, ``inferred``, ``context``, ``default``).

    Without any word for it: the surplus is Japan's and the deficit the U.S.'s (the sides of this pair).
    """
    if counts:
        return "JPN", "inferred"
    source = cues.source(scene.text)
    if source:
        return ("JPN" if source == "mof" else "USA"), "words"
    if currency:
        return ("JPN" if currency == "JPY" else "USA"), "inferred"
    if scene.context.source:
        return ("JPN" if scene.context.source == "mof" else "USA"), "context"
    if owner in PAIR:
        return owner, "words"
    if partner in PAIR:
        return other(partner), "words"
    if scene.last.get("reporter"):
        return scene.last["reporter"], "words"
    if scene.context.reporter:
        return scene.context.reporter, "context"
    if scene.japanese:
        return "JPN", "inferred"  # the Japanese press reports the Ministry of Finance's figures
    return ("JPN" if noun == "surplus" else "USA"), "default"


def balance_side(r: str, how: str, owner: str, partner: str, noun: str, world: bool, context_partner: str) -> Side:
    """The side of a surplus, deficit or gap: ``owner``'s balance with ``partner``, read on ``r``'s statistics."""
    holder = owner or (other(partner) if partner in PAIR else r)
    counterpart = "WLD" if world and not partner else partner or other(holder) or context_partner
    sign = {"surplus": 1, "deficit": -1}.get(noun, -1 if holder == "USA" else 1)
    found = {"reporter": how, "partner": "words" if partner or world else "default"}
    if holder == r:
        side = Side(r, counterpart, "", sign, found)
    elif counterpart in (r, "") or holder not in PAIR:
        side = Side(r, holder, "", -sign, found)
    else:
        side = Side(holder, counterpart, "", sign, found)
    side.flow = side.balance_flow
    if side.reporter != holder and holder in PAIR and how == "inferred":
        side.mirror = {"reporter": holder, "partner": counterpart or other(holder), "sign": sign}
    return side


def trade(r: str, how: str, owner: str, partner: tuple[str, str], origin: str, noun: str, world: bool) -> Side:
    """The side of exports or imports: ``owner``'s flow with ``partner`` (code, role), read on ``r``'s statistics."""
    code, role = partner
    subject = owner
    if not subject:
        if code and (role, noun) == ("from", "exports"):
            subject = code  # exports from Japan: Japan's
        elif code and (role, noun) in (("to", "exports"), ("from", "imports"), ("with", noun), ("for", noun)):
            subject = other(code) or r
        elif origin:
            subject = origin if noun == "exports" else other(origin) or r
        elif code in PAIR:
            subject = other(code)
        else:
            subject = r
    counterpart = "WLD" if world and not code else (code if code and code != subject else other(subject))
    found = {"reporter": how, "partner": "words" if code or world or origin else "default"}
    if subject == r:
        side = Side(r, counterpart, noun, 1, found)
    elif counterpart in (r, ""):
        side = Side(r, subject, _MIRROR.get(noun, noun), 1, found)
        if subject in PAIR and how == "inferred":
            side.mirror = {"reporter": subject, "partner": r, "flow": noun}
    else:
        side = Side(subject, counterpart, noun, 1, found)
    return side


def total(r: str, how: str, owner: str, partner: str, world: bool) -> Side:
    """The side of two-way trade."""
    counterpart = "WLD" if world and not partner else partner or (other(owner) if owner else other(r))
    if owner and owner != r and owner in PAIR and counterpart == r:
        counterpart = owner
    return Side(r, counterpart, "total", 1, {"reporter": how, "partner": "words" if partner or owner else "default"})


def side_of(scene: Scene, i: int, noun: str, at: int, counts: bool = False, hint: str = "") -> Side:
    """The side of figure ``i``: whose flow (``noun``, its word at ``at``), with whom, on whose statistics."""
    fig = scene.figures[i]
    start, end = scene.window(i)
    anchor = at if at >= 0 else fig.start
    owner_mention = scene.owner(anchor)
    owner = owner_mention.code if owner_mention else hint or scene.last.get("owner", "")
    listed = next((p for p in scene.partners if re.fullmatch(r"\s*\(\s*", scene.text[p.end : fig.start])), None)
    adjacent = next((p for p in scene.partners if p.role in ("with", "to", "from") and 0 <= anchor - p.end <= 10), None)
    partner = (
        listed
        or scene.partner_after(anchor, end)
        or adjacent  # 対日貿易赤字, U.S.-bound exports
        or scene.nearest(scene.partners, i, ("with", "to", "from", "for"))
    )
    if owner_mention and owner_mention.role == "pair":
        owner, partner_code, role = "USA", "JPN", "with"
    else:
        partner_code, role = (partner.code, partner.role) if partner else ("", "")
    if partner_code == owner:
        partner_code, role = "", ""
    origin = scene.nearest(scene.partners, i, ("origin",))
    currency = fig.currency or scene.currency()
    r, how = reporter(scene, currency, owner, partner_code, counts, noun)
    world = scene.world(max(start, anchor - 40) if anchor >= 0 else start, max(anchor + 30, fig.start))
    same_subject = owner in ("", scene.last.get("owner"))
    if same_subject and not partner_code and not origin and scene.last.get("partner") and scene.last.get("sure"):
        partner_code, role = scene.last["partner"], "with"
    if not partner_code and not origin and not world:
        partner_code = scene.context.partner if scene.context.partner not in ("", owner) else ""
        role = "with" if partner_code else ""
        # 輸出, 貿易収支 without 対米 or 米国向け: the world, as the Ministry of Finance's releases say
        world = scene.japanese and not partner_code and not counts and fig.kind != "vague"
        # "Japan posted a trade deficit of ¥461.2 billion": Japan's own figure with no partner is its total
        world = world or (not partner_code and owner_mention is not None and owner == r == "JPN" and not counts)
    if noun in ("deficit", "surplus", "gap"):
        side = balance_side(r, how, owner, partner_code, noun, world, "")
    elif noun == "total":
        side = total(r, how, owner, partner_code, world)
    else:
        side = trade(r, how, owner, (partner_code, role), origin.code if origin else "", noun, world)
    sure = "yes" if side.found.get("partner") != "default" or owner else ""
    scene.last = {"reporter": side.reporter, "partner": side.partner, "owner": owner, "sure": sure}
    return side
