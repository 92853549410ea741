"""The typed journey model (pydantic v2): every key of format v1, its defaults and ranges.

The same classes produce the JSON Schema that editors use for completion (see json_schema.py);
the values they are built of (names, bounded numbers, emotions) are in values.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field,
                      StringConstraints, Tag)
from pydantic_core import PydanticCustomError

from journeymap.model.values import (Cost, Currency, EmotionValue, Finite, Name, PersonaEmotion, Strict, bounded, either,
                                     for_persona, range_check)
from journeymap.model.voice import Benchmark, Competitor, FeedbackSource, Swot
from journeymap.model.values import format_number  # noqa: F401  (renderers and rules import it from here)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
REFERENCE_PATTERN = r"^[a-z0-9][a-z0-9_-]*(#[a-z0-9][a-z0-9_-]*)?$"
CHANNEL_KINDS = ("digital", "physical", "human", "social", "print", "other")
LEVELS = ("low", "medium", "high")
DEFAULT_EFFECT = {"low": 0.1, "medium": 0.25, "high": 0.5}  # an opportunity's effect when only its impact is given
STATUSES = ("idea", "planned", "in-progress", "done")
SURVEY_KINDS = ("nps", "csat", "ces")
LOWER_IS_BETTER = frozenset({"ces", "churn", "ttr_hours", "cost"})
DIRECTIONS = ("higher", "lower")
DEFAULT_WEIGHTS = {"emotion": 0.4, "effort": 0.3, "pains": 0.3}
DEFAULT_STALE_AFTER_DAYS = 180
DEFAULT_HOTSPOT_MIN = 0.3
DEFAULT_EXPECTATION_GAP = -2   # a gap (emotion - expectation) at or below it is a broken promise

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = str


class Persona(Strict):
    id: Slug
    name: Name
    description: Optional[Text] = None
    goals: list[Text] = []
    frustrations: list[Text] = []
    traits: list[Text] = []
    quote: Optional[Text] = None
    share: Optional[bounded(0, 1, description="fraction of customers, 0..1")] = None
    clv: Optional[bounded(0, None, description="customer lifetime value, in the map's currency")] = None


class Phase(Strict):
    id: Slug
    name: Name
    description: Optional[Text] = None
    goal: Optional[Text] = Field(None, description="what the customer wants in this phase")


class Channel(Strict):
    id: Slug
    name: Name
    kind: Literal[CHANNEL_KINDS] = "other"


class Owner(Strict):
    id: Slug
    name: Name
    department: Optional[Text] = None
    contact: Optional[Text] = None


class Pain(Strict):
    id: Optional[Slug] = None
    text: Text
    severity: bounded(1, 5, integer=True, description="1 minor .. 5 severe") = 3


class Gain(Strict):
    id: Optional[Slug] = None
    text: Text


class Note(Strict):
    """A sticky note from a workshop: its text and, optionally, who wrote it."""

    text: Name
    by: Optional[Name] = Field(None, description="who wrote the note")


class Edge(Strict):
    to: Slug
    share: Optional[bounded(0, 1, description="fraction of customers here who continue there")] = None
    label: Optional[Text] = None
    loop: bool = Field(False, description="an intended return to an earlier phase (repeat purchase)")


class KpiTarget(Strict):
    value: Finite
    target: Optional[Finite] = None
    better: Optional[Literal[DIRECTIONS]] = Field(
        None, description="which way is better; known KPIs have theirs (ces, churn, ttr_hours, cost: lower), "
                          "others default to higher")
    unit: Optional[Name] = Field(None, description="shown beside every value, e.g. min, %, €")


def _kpi(name: str, low: float | None, high: float | None, description: str):
    number = bounded(low, high, description=description)
    target = Annotated[KpiTarget, AfterValidator(_known_kpi(name, range_check(low, high)))]
    return Optional[either(number, target, "target")]


def _known_kpi(name: str, check):
    """A known KPI's range, and its documented direction: a `better:` that says otherwise is an error."""
    documented = "lower" if name in LOWER_IS_BETTER else "higher"

    def validate(kpi: KpiTarget) -> KpiTarget:
        check(kpi.value)
        if kpi.target is not None:
            check(kpi.target)
        if kpi.better is not None and kpi.better != documented:
            raise PydanticCustomError("kpi_direction", "{documented} is better for {name} (documented), "
                                      "'better: {given}' contradicts it: leave 'better' out",
                                      {"documented": documented, "name": name, "given": kpi.better})
        return kpi
    return validate


class Kpis(BaseModel):
    """Known KPI names get range checks; other names are allowed with any number."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)
    __pydantic_extra__: dict[str, either(Finite, KpiTarget, "target")] = Field(init=False)

    nps: _kpi("nps", -100, 100, "Net Promoter Score, -100..100") = None
    csat: _kpi("csat", 0, 100, "customer satisfaction, % of 4-5 answers") = None
    ces: _kpi("ces", 1, 7, "customer effort score, 1..7, lower is better") = None
    conversion: _kpi("conversion", 0, 1, "fraction who convert, 0..1") = None
    churn: _kpi("churn", 0, 1, "fraction who leave, 0..1, lower is better") = None
    ttr_hours: _kpi("ttr_hours", 0, None, "time to resolution in hours, lower is better") = None
    volume: _kpi("volume", 0, None, "contacts per month") = None
    cost: _kpi("cost", 0, None, "cost per month, lower is better") = None

    def items(self) -> list[tuple[str, float | KpiTarget]]:
        """Declared KPIs in a stable order: known names first, then the others by name."""
        known = [(name, getattr(self, name)) for name in type(self).model_fields if getattr(self, name) is not None]
        extra = sorted((self.__pydantic_extra__ or {}).items())
        return known + extra


class Touchpoint(Strict):
    id: Slug
    name: Name
    phase: Slug
    channel: Optional[Slug] = None
    owner: Optional[Slug] = None
    personas: Optional[list[Slug]] = Field(None, description="who passes here; omitted = every persona")
    action: Optional[Text] = None
    thoughts: Optional[Text] = None
    description: Optional[Text] = None
    emotion: Optional[PersonaEmotion] = None
    expectation: Optional[PersonaEmotion] = Field(
        None, description="the emotion customers expect here, in the forms of emotion; gap = emotion - expectation")
    expects: Optional[Text] = Field(None, description="what customers expect here, in their words")
    benchmark: dict[Slug, Benchmark] = Field({}, description="competitor id -> how that competitor does here")
    effort: Optional[bounded(1, 7, description="customer effort, 1 very easy .. 7 very hard")] = None
    pains: list[either(Text, Pain)] = []
    gains: list[either(Text, Gain)] = []
    backstage: list[Text] = []
    notes: list[either(Name, Note)] = Field([], description="sticky notes from workshops: text, or {text, by}")
    kpis: Kpis = Kpis()
    next: list[either(Slug, Edge)] = []
    moment_of_truth: bool = False
    tags: list[Text] = []
    events: list[Text] = Field([], description="event names in the map's event logs that mean this touchpoint")
    listen: list[Name] = Field([], description="keywords that link feedback to this touchpoint (wart* a prefix)")
    detail: Optional[Text] = Field(None, description="path of another map (relative to this one, inside the project) "
                                                     "that zooms into this touchpoint")


class Opportunity(Strict):
    id: Slug
    title: Name
    addresses: list[Annotated[str, StringConstraints(pattern=REFERENCE_PATTERN)]] = Field(
        min_length=1, description="touchpoint ids, or touchpoint-id#pain-id")
    owner: Optional[Slug] = None
    impact: Optional[Literal[LEVELS]] = None
    effect: Optional[bounded(0, 1, description="share of the loss at the touchpoints it addresses that it recovers; "
                                               "default from impact: low 0.1, medium 0.25, high 0.5")] = None
    cost: Optional[Cost] = None
    status: Literal[STATUSES] = "idea"
    notes: Optional[Text] = None


class DataSource(Strict):
    """Survey responses: a CSV file of scores per touchpoint."""

    file: Text = Field(description="CSV path relative to the map file")
    kind: Literal[SURVEY_KINDS]
    touchpoint_column: Text = "touchpoint"
    score_column: Text = "score"
    date_column: Optional[Text] = None
    persona_column: Optional[Text] = None


class EventSource(Strict):
    """An event log: one row per customer event (docs/observe.md)."""

    file: Text = Field(description="CSV, .csv.gz or Parquet file, or a folder of Parquet files, relative to the map")
    kind: Literal["events"]
    case_column: Text = Field("case_id", description="column naming one journey (a session or a customer)")
    activity_column: Text = Field("event", description="column with the event name")
    time_column: Text = Field("timestamp", description="column with ISO 8601 times or epoch seconds/milliseconds")
    segment_column: Optional[Text] = Field(None, description="column whose values map to personas (see segments)")
    segments: dict[Text, Slug] = Field({}, description="segment value -> persona id")
    since: Optional[Annotated[dt.date, Field(strict=False)]] = Field(
        None, description="only events on or after this date (YYYY-MM-DD)")


def _data_kind(value: Any) -> str:
    kind = value.get("kind") if isinstance(value, dict) else None
    return "<events>" if kind == "events" else "<feedback>" if kind == "feedback" else "<survey>"


AnyDataSource = Annotated[
    Union[Annotated[DataSource, Tag("<survey>")], Annotated[EventSource, Tag("<events>")],
          Annotated[FeedbackSource, Tag("<feedback>")]],
    Discriminator(_data_kind),
]


class Weights(Strict):
    emotion: bounded(0, None) = DEFAULT_WEIGHTS["emotion"]
    effort: bounded(0, None) = DEFAULT_WEIGHTS["effort"]
    pains: bounded(0, None) = DEFAULT_WEIGHTS["pains"]
    gap: bounded(0, None, description="weight of the expectation gap in friction (default 0: not counted)") = 0


class AnalysisSettings(Strict):
    weights: Weights = Weights()
    stale_after_days: bounded(0, None, integer=True) = DEFAULT_STALE_AFTER_DAYS
    hotspot_min: bounded(0, 1, description="the friction (0..1) from which a touchpoint is a hotspot") = \
        DEFAULT_HOTSPOT_MIN


def _off(value):
    """`severity: {rule: off}` unquoted is the boolean false in YAML 1.1: read it as 'off'."""
    return "off" if value is False else value


class RuleSettings(Strict):
    disable: list[str] = []
    severity: dict[str, Annotated[Literal["error", "warning", "off"], BeforeValidator(_off)]] = {}
    flow_tolerance: bounded(0, 1, description="observed-flow-mismatch: the largest designed vs observed "
                                              "share difference that is fine") = 0.1
    expectation_gap: bounded(-4, 0, description="expectation-gap: a gap (emotion - expectation) at or below "
                                                "this is a broken promise") = DEFAULT_EXPECTATION_GAP
    feedback_min_rows: bounded(1, None, integer=True, description="feedback-contradicts-map: the linked feedback "
                                                                  "rows from which feedback may contradict") = 10
    conformance_target: Optional[bounded(0, 1, description="conformance-below-target: the share of an event log's "
                                                           "cases that should follow the designed journey")] = None


class JourneyMap(Strict):
    """A customer journey map, format version 1."""

    journeymap: Literal[1] = Field(description="format version; only 1 exists")
    title: Name
    description: Optional[Text] = None
    lang: Literal["en", "de"] = "en"
    owner: Optional[Text] = None
    currency: Optional[Currency] = None
    variant: Optional[Literal["as-is", "to-be"]] = Field(
        None, description="as-is: the journey today; to-be: the journey as it should be (journeymap compare)")
    include: list[Text] = Field([], description="shared persona/phase/channel/owner libraries, relative paths")
    personas: list[Persona] = Field(min_length=1)
    phases: list[Phase] = Field(min_length=1)
    channels: list[Channel] = []
    owners: list[Owner] = []
    touchpoints: list[Touchpoint] = Field(min_length=1)
    opportunities: list[Opportunity] = []
    competitors: list[Competitor] = Field([], description="competitors a touchpoint's benchmark names")
    swot: Optional[Swot] = Field(None, description="opportunities and threats of the SWOT; strengths and "
                                                   "weaknesses follow from the benchmarks")
    data: list[AnyDataSource] = []
    analysis: AnalysisSettings = AnalysisSettings()
    rules: RuleSettings = RuleSettings()


class SalvagedMap(JourneyMap):
    """What is left of a map with schema errors (salvage.py): its required lists may be cut to nothing."""

    journeymap: Literal[1] = 1
    title: Text = ""
    personas: list[Persona] = []
    phases: list[Phase] = []
    touchpoints: list[Touchpoint] = []


# Which model describes the mapping at a path (list indexes written as '*'): for "did you mean".
MODEL_AT_PATH: dict[tuple, type[BaseModel]] = {
    (): JourneyMap,
    ("personas", "*"): Persona,
    ("phases", "*"): Phase,
    ("channels", "*"): Channel,
    ("owners", "*"): Owner,
    ("touchpoints", "*"): Touchpoint,
    ("touchpoints", "*", "pains", "*"): Pain,
    ("touchpoints", "*", "gains", "*"): Gain,
    ("touchpoints", "*", "notes", "*"): Note,
    ("touchpoints", "*", "next", "*"): Edge,
    ("touchpoints", "*", "kpis", "*"): KpiTarget,
    ("touchpoints", "*", "benchmark", "*"): Benchmark,
    ("opportunities", "*"): Opportunity,
    ("competitors", "*"): Competitor,
    ("swot",): Swot,
    ("data", "*"): DataSource,
    ("data", "*", "events"): EventSource,  # the keys of an event log (schema._known_keys)
    ("data", "*", "feedback"): FeedbackSource,
    ("analysis",): AnalysisSettings,
    ("analysis", "weights"): Weights,
    ("rules",): RuleSettings,
}


# --- small accessors every consumer needs ------------------------------------------------

def pain_text(pain: str | Pain) -> str:
    return pain if isinstance(pain, str) else pain.text


def pain_severity(pain: str | Pain) -> int:
    return 3 if isinstance(pain, str) else pain.severity


def pain_id(pain: str | Pain) -> str | None:
    return None if isinstance(pain, str) else pain.id


def gain_text(gain: str | Gain) -> str:
    return gain if isinstance(gain, str) else gain.text


def gain_id(gain: str | Gain) -> str | None:
    return None if isinstance(gain, str) else gain.id


def note_text(note: str | Note) -> str:
    return note if isinstance(note, str) else note.text


def note_by(note: str | Note) -> str | None:
    return None if isinstance(note, str) else note.by


def edge(item: str | Edge) -> Edge:
    return Edge(to=item) if isinstance(item, str) else item


def kpi_value(kpi: float | KpiTarget) -> tuple[float, float | None]:
    """(value, target) of a declared KPI."""
    return (kpi, None) if not isinstance(kpi, KpiTarget) else (kpi.value, kpi.target)


def kpi_better(name: str, kpi: float | KpiTarget | None) -> str:
    """'higher' or 'lower': a known KPI's documented direction, else the declared one, else higher."""
    if name in LOWER_IS_BETTER:
        return "lower"
    declared = kpi.better if isinstance(kpi, KpiTarget) else None
    return declared or "higher"


def kpi_unit(kpi: float | KpiTarget | None) -> str | None:
    """The declared unit of a KPI (None: a bare number)."""
    return kpi.unit if isinstance(kpi, KpiTarget) else None


def effect(opportunity: Opportunity) -> float | None:
    """The share of the loss an opportunity recovers: its `effect`, else its impact's default, else None."""
    if opportunity.effect is not None:
        return opportunity.effect
    return DEFAULT_EFFECT.get(opportunity.impact) if opportunity.impact else None


def cost_amount(opportunity: Opportunity) -> float | None:
    """An opportunity's cost as an amount of money (None: a level low/medium/high, or no cost)."""
    return opportunity.cost if isinstance(opportunity.cost, (int, float)) else None


def cost_level(opportunity: Opportunity) -> str | None:
    """An opportunity's cost as a level (None: an amount, or no cost)."""
    return opportunity.cost if isinstance(opportunity.cost, str) else None


def passes(touchpoint: Touchpoint, persona_id: str) -> bool:
    """Does this persona pass this touchpoint? (no `personas` list = everyone does)"""
    return touchpoint.personas is None or persona_id in touchpoint.personas


def emotion_for(touchpoint: Touchpoint, persona_id: str) -> float | None:
    """The emotion of one persona here: its own entry, else the shared value, else None."""
    return for_persona(touchpoint.emotion, persona_id)
