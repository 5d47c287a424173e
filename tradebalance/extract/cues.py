"""Cue words: what a figure measures, whose statistics, goods or services, and why some figures cannot be checked.

Each cue is a pattern kept here with what it means: flow nouns and verbs (``surplus``/黒字, ``deficit``/赤字,
``exports``/``shipped``/輸出, ``imports``/``bought``/輸入, ``two-way trade``), changes with their direction
(``rose``, ``narrowed``, ``増``, ``減``), shares (``accounted for``, ``percent of``, ``占め``), ranks
(``third-largest``, ``4th largest``, 第3位), records (``record``, 過去最高), the agencies (``Finance Ministry``
→ MOF, ``Commerce Department`` → Census), scope (``goods and services``), tense, and the reasons a trade figure
is not a trade statistic (a tariff rate, a forecast, a brand's sales, production, jobs).
"""

from __future__ import annotations

import re

from tradebalance.extract.lexicon import whole

#: Flow words → the flow they name (``gap``: a balance whose sign the words leave to the reader).
FLOW = re.compile(
    r"(?i)(?P<deficit>trade\s+deficits?\b|deficits?\b|入超|赤字)"
    r"|(?P<surplus>trade\s+surplus(?:es)?\b|surplus(?:es)?\b|出超|黒字)"
    r"|(?P<gap>trade\s+gap\b|gap\b|imbalance\b|trade\s+balance\b|balance\b|貿易収支)"
    r"|(?P<exports>exports?\b(?!\s+(?:markets?|destinations?|partners?|controls?|curbs?|restrictions?))|exported\b|exporting\b|shipments\b|shipped\b|sales\b|sold\b|sells?\b"
    r"|sent\b|sends?\b|brought\s+in\b|輸出|送り込|売っ|売り)"
    r"|(?P<imports>imports?\b|imported\b|importing\b|purchases\b|purchased\b|bought\b|buys?\b"
    r"|buying\b|purchase\b|輸入|買っ|買い)"
    r"|(?P<total>two-way\s+trade\b|total\s+\(two\s+ways\)\s+goods\s+trade\b|(?:bilateral|total)\s+trade\b"
    r"|trade\b(?!\s+(?:deficits?|surplus|gap|balance|partners?|talks|dialogue|war|deals?|barriers?|agreements?|"
    r"practices|representative|data|figures|statistics|ministers?|frictions?|issues|relations?|policy|promotion|"
    r"administration|negotiations?|in\s+goods))|貿易(?:総)?額)"
)
_UP = (
    r"rose|risen|rise|rises|rising|up|gained|gains?|grew|grow|grown|growing|increased|increases?|increasing|"
    r"widened|widen|widening|expanded|expand|expanding|climbed|climbs?|jumped|jumps?|surged|surges?|soared|"
    r"soars?|ballooned|swelled|swell|advanced|edged\s+up|higher|more|growth|hitting|rebounded|recovered|leapt|"
    r"leaped|rallied|picked\s+up"
)
_DOWN = (
    r"fell|falls?|fallen|falling|down|dropped|drops?|declined|declines?|declining|decreased|decreases?|"
    r"decreasing|narrowed|narrows?|narrowing|shrank|shrunk|shrinks?|contracted|plunged|plunges?|plummeted|"
    r"slid|slipped|edged\s+down|lower|less|fewer|reduced|cut|slumped|slumps?|tumbled|sank|sunk|dipped|eased|dove|"
    r"dived|skidded|retreated"
)
#: A change word just before a figure (``rose 5.7 percent``, ``a year-on-year decrease of``, ``down``).
CHANGE_BEFORE = re.compile(
    rf"(?i)\b(?:(?P<up>{_UP})|(?P<down>{_DOWN}))(?:\s+(?:by|of|about|just|only|some|a\s+further|"
    r"year-on-year|on\s+the\s+year|to\s+the\s+tune\s+of))*\s*$"
)
#: A change word just after a figure (``a 7.7 percent increase``, ``10% more cars``, ``5.7%増``).
CHANGE_AFTER = re.compile(
    r"(?i)^\s*(?:year-on-year\s+|annual\s+|on-year\s+)?(?:(?P<up>increase|rise|gain|growth|jump|more|higher|up)"
    r"|(?P<down>decrease|drop|decline|fall|fewer|less|lower|down))\b"
    r"|^(?:の)?(?:(?P<upja>増加|増|拡大|上昇|伸び)|(?P<downja>減少|減|縮小|低下|下落))"
)
#: Share words before a figure (``accounted for``, ``with a share of``, ``Japan's share stood at``).
SHARE_BEFORE = re.compile(
    r"(?i)(?:占める|割合は|シェアは)[^。、]{0,10}$|"
    r"\b(?:accounts?\s+for|accounted\s+for|accounting\s+for|make\s+up|makes\s+up|making\s+up|made\s+up|"
    r"represents?|represented|representing|comprises?|constitutes?|share\s+of|share\s+(?:stood|was|is)\s+at|"
    r"share\s+(?:stood|was|is)|share\s+at)\s*$"
)
#: Share words after a figure (``70 percent of``, ``93% tied to``, ``を占め``).
SHARE_AFTER = re.compile(r"(?i)^\s*(?:of\b|tied\s+to\b|share\b)|^[^。、,]{0,12}(?:占め|の割合|のシェア)")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
_ORDINALS.update({"ninth": 9, "tenth": 10})
#: A rank: ``the third-largest``, ``4th largest``, ``the largest``, ``second largest``, 第3位.
RANK = re.compile(
    r"(?i)\b(?:(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))"
    r"[\s-]+)?(?P<sup>largest|biggest|top|highest)\b"
    r"|第(?P<ja>\d{1,2})位|(?P<ja2>\d{1,2})番目に大きい"
)
RANK_BY = (
    ("balance", re.compile(r"(?i)deficit|surplus|trade\s+gap|imbalance|赤字|黒字")),
    ("total", re.compile(r"(?i)trading\s+partner|trade\s+partner|\bpartner|貿易相手")),
    ("imports", re.compile(r"(?i)source\s+of\s+(?:[\w.]+\s+)?imports|supplier|exporter\s+to|輸入先")),
    (
        "exports",
        re.compile(r"(?i)export\s+market|market\s+for\s+(?:[\w.]+\s+)?exports|customer|buyer|destination|輸出先"),
    ),
)
#: A rank that is not a partner's place among partners (a year on record, an economy, a month since).
NOT_A_RANK = re.compile(r"(?i)^[\s\w-]{0,20}?(?:on\s+record|economy|economies|since|in\s+history|ever)\b")
#: Second to one partner only: ``higher than that with any other country except China``.
SECOND_TO = re.compile(r"(?i)than\s+(?:that\s+)?with\s+any\s+other\s+(?:country|nation|trading\s+partner)\s+except")
RECORD = re.compile(
    r"(?i)(?<!near[- ])(?<!near\s)(?<!on\s)\b(?:record(?:-high|\s+high)?s?|all-time\s+high|highest\s+on\s+record)\b(?!\s+(?:low|of\s+the))"
    r"|過去最高|過去最大"
)
RECORD_LOW = re.compile(r"(?i)\brecord(?:-|\s)low\b|\blowest\s+on\s+record\b|過去最低")
SOURCES = (
    ("mof", re.compile(r"(?i)finance\s+ministry|ministry\s+of\s+finance|\bMOF\b|財務省")),
    (
        "census",
        re.compile(
            r"(?i)commerce\s+department|department\s+of\s+commerce|census|U\.?S\.?\s+(?:government\s+|trade\s+)?data|"
            r"\bUSTR\b|trade\s+representative|U\.?S\.?\s+customs|商務省"
        ),
    ),
)
SCOPE = re.compile(
    r"(?i)(?P<gs>goods\s+and\s+services|goods\s*&\s*services|財・サービス)|(?P<s>\bservices\b|サービス)"
    r"|(?P<g>\bgoods\b|\bmerchandise\b|customs-cleared|\bcustoms\b|財)"
)
PRESENT = re.compile(
    r"(?i)\b(?:is|are|has|have|(?:it|that|there|which|what)'s|remains?|sits|stands|accounts?\s+for|makes?\s+up|represents?|currently|now|"
    r"estimated|annually|annual|per\s+year|a\s+year(?!-)|each\s+year)\b|している|である|だ。|だ$"
)
PAST = re.compile(
    r"(?i)\b(?:was|were|had|totall?ed|reached|rose|fell|grew|gained|dropped|declined|increased|decreased|"
    r"widened|narrowed|expanded|shrank|climbed|jumped|surged|soared|plunged|stood|amounted|came|hit|logged|"
    r"posted|recorded|registered|ran|exported|imported|sent|sold|shipped|purchased|bought|totaled|swelled|"
    r"ballooned|edged|slipped|slumped|tumbled|sank|dipped|eased|rebounded)\b|した|だった|となった|となり|に上った|た。|た$|でした|ました"
)
#: Words of figures that are not trade: output, prices, markets, exchange rates (a clause with these and no flow word).
NON_TRADE = re.compile(
    r"(?i)\b(?:GDP|gross\s+domestic|economy|economic\s+growth|inflation|prices?|Nikkei|stocks?|index|currency|"
    r"interest|unemployment|wages?|approval|poll|voters|population|investment|output|profits?|earnings|revenue|"
    r"to\s+the\s+dollar|per\s+dollar|against\s+the\s+dollar|exchange\s+rate)\b|円相場|円安|円高|為替|株価|物価"
)
#: Words that send a reader back to the sentence before (``It's anywhere from …``, ``that deficit``, その額).
BACK = re.compile(
    r"(?i)\b(?:it|it's|its|that|this|those|the\s+total|the\s+figure|the\s+amount|the\s+gap)\b|その|これ|同"
)
TARIFF = re.compile(r"(?i)\btariffs?\b|\bduty\b|\bduties\b|関税")
PROSPECT = re.compile(
    r"(?i)\b(?:would|if|planned|plans?|threaten(?:ed|s)?|additional|extra|proposed|possible|could|impose[ds]?\s+on|"
    r"are\s+imposed|be\s+imposed)\b|追加関税"
)
BRAND = re.compile(
    r"(?i)\b(?:Toyota|Honda|Nissan|Subaru|Mazda|Chrysler|Chryslers|GM|General\s+Motors|Ford|Chevrolet|Chevrolets|"
    r"Tesla|nameplates?|brands?|automakers|auto\s*makers|car\s+companies|companies|manufacturers|makers)\b"
    r"|メーカー|トヨタ|ホンダ|日産|スバル|マツダ"
)
#: A company or brand selling (``Toyota sells 1 million …``): sales, not trade.
BRAND_SALES = re.compile(
    "(?i)(?:" + BRAND.pattern.replace("(?i)", "", 1) + r")\s+(?:\w+\s+){0,2}?(?:sells?|sold|held|holds)\b[^.]*$"
)
MARKET = re.compile(r"(?i)\bmarket\s+share\b|\bmarket\b|\bsales\s+in\b|\bregistrations\b|市場|シェア")
PRODUCTION = re.compile(r"(?i)\b(?:produce[ds]?|producing|production|built|build|builds|assembled|manufactured)\b|生産")
QUOTA = re.compile(r"(?i)\bminimum[- ]access\b|\bquotas?\b|\b(?:export\s+)?limits?\b|\bceilings?\b|\brestraints?\b")
#: A commitment or plan governing a later figure (``is working toward … a 75% increase``, ``agreed that … would``).
COMMITMENT = re.compile(
    r"(?i)\b(?:working\s+toward|will|would|agreed?\s+(?:to|that)|commit\w*|pledge\w*|promis\w*|plans?\s+to|"
    r"aims?\s+to|intends?\s+to|set\s+a\s+goal)\b"
)
#: A finite verb of fact between a commitment and a figure (``will help reduce the deficit, which is …``).
FINITE = re.compile(r"(?i)\b(?:is|are|was|were|has|had|have|totall?ed|reached|stood|rose|fell|sits|amounted)\b")
#: Why a figure cannot be checked against trade statistics, by the cue that says so.
REASONS = {
    "tariff": "A tariff rate is trade policy, not a trade statistic.",
    "tariff-action": "An announced or threatened tariff action is trade policy, not a trade statistic.",
    "forecast": "A forecast, a goal or a commitment cannot be checked against figures of past trade.",
    "current": "A figure for a period not over when it was said is a forecast or a partial count.",
    "brand": "Sales by company or brand, or a market share, are not trade statistics between countries.",
    "production": "Production (where cars are built) is not a trade statistic.",
    "jobs": "Jobs are an economic estimate, not a trade statistic.",
    "quota": "A quota or its fill is set by policy; the trade statistics do not record it.",
}


def ordinal(text: str) -> int:
    """``third`` → 3, ``4th`` → 4, ``""`` → 1 (``the largest``)."""
    if not text:
        return 1
    text = text.lower()
    return _ORDINALS.get(text) or int(re.sub(r"\D", "", text))


def direction(m: re.Match[str]) -> int:
    """+1 for a rise, -1 for a fall, from a match of :data:`CHANGE_BEFORE` or :data:`CHANGE_AFTER`."""
    g = m.groupdict()
    return 1 if g.get("up") or g.get("upja") else -1


#: :data:`FLOW` for text in lower case (many times faster than ignoring case).
_FLOW_LOWER = re.compile(FLOW.pattern.replace("(?i)", "", 1))
_LOWER = {cp: cp + 32 for cp in range(ord("A"), ord("Z") + 1)}


def flows(text: str) -> list[re.Match[str]]:
    """The flow words of ``text`` (:data:`FLOW`, whole words only; the matches are of ``text`` in lower case)."""
    return list(whole(_FLOW_LOWER, text.translate(_LOWER)))


def flow_of(m: re.Match[str]) -> str:
    """The flow a match of :data:`FLOW` names."""
    return next(k for k, v in m.groupdict().items() if v)


def source(text: str) -> str:
    """``mof`` or ``census`` where the words name the agency (or its data), else ``""``."""
    for name, pattern in SOURCES:
        if pattern.search(text):
            return name
    return ""
