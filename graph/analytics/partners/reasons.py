"""Plain-words reasons for each partner suggestion, built only for the few that are shown.

Each reason names the evidence: shared projects and common partners (with names and titles),
projects on the call's theme, projects under the funder, the candidate's own activity, and
where the candidate is based. Counts are whole: "worked with them on M projects" counts every
project the two share, "N more common partners" every common partner not named. Without theme
words the call is the asker's own work, so the asker's own projects are no evidence of a
theme. A learned score lists its reasons in the order of the feature groups that raised it most
(:meth:`graph.analytics.partners.ranker.Ranker.moved`), after what the call itself asked for:
the theme's evidence (the share of the candidate's projects on it, which is what counted:
:mod:`.relevance`), or "no evidence on this theme", then the work under the call's funder.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graph.analytics.partners import concepts, relevance
from graph.analytics.partners.index import (
    THEME_MATCH,
    Call,
    PartnerIndex,
    call_vector,
    sponsored_mask,
)
from graph.analytics.partners.relevance import Relevance
from graph.model import Project

SHOWN_TITLES = 2  # project titles quoted per reason
SHOWN_PARTNERS = 2  # common partners named before "and N more"
PATH_SCAN = 200  # partners of a candidate searched for a two-step path


class Reasons:
    """Explains suggestions for one query (asking organisation ``u``, call, funder ids)."""

    def __init__(
        self,
        index: PartnerIndex,
        u: int | None,
        call: Call,
        sponsors: set[str],
        rel: Relevance | None = None,
    ):
        self.index, self.u, self.call, self.sponsors, self.rel = index, u, call, sponsors, rel
        self.query = call_vector(index, u, call)
        self.funded = sponsored_mask(index, sponsors) if sponsors else None
        self.u_name = self.name(u) if u is not None else ""

    def name(self, i: int) -> str:
        return self.index.pf.organisations[self.index.org_ids[i]].name

    def title(self, j: int) -> str:
        project: Project = self.index.pf.projects[self.index.project_ids[j]]
        return project.title or project.title_en or project.name

    def titles(self, cols: Any) -> str:
        shown = [f"“{self.title(j)}”" for j in list(cols)[:SHOWN_TITLES]]
        more = len(cols) - len(shown)
        return ", ".join(shown) + (f" and {more} more" if more > 0 else "")

    def suggestion(
        self, i: int, score: float, parts: dict[str, float], *, learned: bool = False
    ) -> dict[str, Any]:
        """One suggestion; ``parts`` are the fixed formula's parts or, when ``learned``, each
        feature group's push on the model's log-odds."""
        org = self.index.pf.organisations[self.index.org_ids[i]]
        city = self.index.pf.city_of(org.id)
        found = {"network": self.network(i), "theme": self.theme(i), "funder": self.funder(i)}
        if learned:
            found["activity"] = self.activity(i)
            pushed = sorted((g for g in found if parts.get(g, 0.0) > 0), key=lambda g: -parts[g])
            order = pushed or list(found)
        else:
            order = list(found)
        asked = [
            g for g, given in (("theme", self.themed), ("funder", self.funded is not None)) if given
        ]
        order = [*asked, *(g for g in order if g not in asked)]
        reasons = [r for group in order for r in found[group]]
        off = self.themed and not found["theme"]
        if off:
            reasons.insert(0, f"{relevance.OFF} ({', '.join(self.call.themes)})")
        if not reasons and self.same_city(i):
            reasons.append(f"near {self.u_name}: based in the same city, {city.name}")
        if not reasons:
            reasons.append("no shared partners, theme or funder history yet")
        reasons += self.place(i)
        return {
            "id": org.id,
            "name": org.name,
            "score": round(score, 4),
            "reasons": reasons,
            "kind": org.kind,
            "country": org.country,
            "city": city.name if city else None,
            "parts": {k: round(v, 4) for k, v in parts.items()},
            "known": self.u is not None and i in self.index.partners_of(self.u),
            "off_theme": off,
        }

    def network(self, v: int) -> list[str]:
        if self.u is None:
            return []
        index, out = self.index, []
        mine, theirs = index.partners_of(self.u), index.partners_of(v)
        shared = np.intersect1d(index.projects_of(self.u), index.projects_of(v))
        if v in mine:
            out.append(
                f"already worked with {self.u_name} on {_n(len(shared), 'project')}: "
                f"{self.titles(shared)}"
            )
        common = sorted(set(mine) & set(theirs), key=lambda z: (-mine[z] - theirs[z], self.name(z)))
        for z in common[:SHOWN_PARTNERS]:
            both = np.intersect1d(index.projects_of(z), index.projects_of(v))
            # every shared project counts; titles not quoted above come first
            fresh = np.isin(both, shared)
            quoted = np.concatenate([both[~fresh], both[fresh]])
            out.append(
                f"{self.u_name} worked with {self.name(z)} on "
                f"{_n(int(mine[z]), 'project')}, and {self.name(z)} worked with them on "
                f"{_n(len(both), 'project')} ({self.titles(quoted)})"
            )
        if len(common) > SHOWN_PARTNERS:
            out.append(f"{_n(len(common) - SHOWN_PARTNERS, 'more common partner')}")
        if not common and v not in mine:
            out.extend(self.two_steps(v, mine, theirs))
        return out

    def two_steps(self, v: int, mine: dict, theirs: dict) -> list[str]:
        for b in sorted(theirs, key=lambda b: -theirs[b])[:PATH_SCAN]:
            via = set(self.index.partners_of(b)) & set(mine)
            if via:
                a = min(via, key=lambda a: (-mine[a], self.name(a)))
                names = [self.u_name, self.name(a), self.name(b), self.name(v)]
                return ["two steps away: " + " → ".join(names)]
        return []

    @property
    def themed(self) -> bool:
        return bool(" ".join(self.call.themes).strip())

    def theme(self, v: int) -> list[str]:
        if self.themed:
            return self.on_theme(v)
        cols = self.index.projects_of(v)
        if not self.call.themes and self.u is not None:
            cols = np.setdiff1d(cols, self.index.projects_of(self.u))  # the asker's own work
        if self.query is None or not cols.size:
            return []
        sims = (self.index.texts[cols] @ self.query.T).toarray().ravel()
        order = np.argsort(-sims, kind="stable")
        matching = cols[order][sims[order] >= THEME_MATCH]
        if not matching.size:
            return []
        topic = f"on {', '.join(self.call.themes)}" if self.call.themes else f"like {self.u_name}'s"
        under = ""
        if self.funded is not None:
            under = f" ({int(self.funded[matching].sum())} under {self.funder_names()})"
        return [f"{_n(len(matching), 'project')} {topic}{under}: {self.titles(matching)}"]

    def on_theme(self, v: int) -> list[str]:
        """The projects on the call's theme (:mod:`.concepts`), closest first, and their share
        of the candidate's work (what ranks it among those with evidence)."""
        cols = self.index.projects_of(v)
        on = cols[concepts.on_theme(self.index, self.call.themes)[cols]] if cols.size else cols
        if not on.size or self.query is None:
            return []
        sims = (self.index.texts[on] @ self.query.T).toarray().ravel()
        on = on[np.argsort(-sims, kind="stable")]
        topic = ", ".join(self.call.themes)
        under = ""
        if self.funded is not None:
            under = f", {int(self.funded[on].sum())} under {self.funder_names()}"
        share = f"{len(on)} of its {_n(len(cols), 'project')}"
        return [f"{share} on {topic} (the share of theme work counted{under}): {self.titles(on)}"]

    def funder(self, v: int) -> list[str]:
        if self.funded is None:
            return self.funders_shared(v)
        cols = self.index.projects_of(v)
        funded = cols[self.funded[cols] > 0]
        if not funded.size:
            return []
        return [
            f"{_n(len(funded), 'project')} funded by {self.funder_names()}: {self.titles(funded)}"
        ]

    def funders_shared(self, v: int) -> list[str]:
        """Without a funder in the call: the funders of the asker's own projects it worked
        under too."""
        if self.u is None or self.themed:
            return []
        mine = relevance.funders_of(self.index, self.u)
        if not mine:
            return []
        theirs = relevance.funders_of(self.index, v)
        both = sorted(mine & theirs, key=self.index.pf.funder_name)
        if not both:
            return []
        names = " / ".join(self.index.pf.funder_name(f) for f in both[:SHOWN_PARTNERS])
        return [f"funded by {names} like {self.u_name}"]

    def activity(self, v: int) -> list[str]:
        cols = self.index.projects_of(v)
        if not cols.size:
            return []
        latest = cols[np.argmax(self.index.time[cols])]
        partners = int(self.index.partners[v])
        return [
            f"active: {_n(len(cols), 'project')} with {_n(partners, 'partner')}, "
            f"the latest “{self.title(latest)}”"
        ]

    def funder_names(self) -> str:
        return " / ".join(sorted({self.index.pf.funder_name(s) for s in self.sponsors}))

    def same_city(self, v: int) -> bool:
        city = self.index.city
        return self.u is not None and city[v] != "" and city[v] == city[self.u]

    def place(self, v: int) -> list[str]:
        org = self.index.pf.organisations[self.index.org_ids[v]]
        city = self.index.pf.city_of(org.id)
        where = ", ".join(x for x in (city.name if city else None, org.country) if x)
        if not where:
            return []
        if self.same_city(v):
            where += f" (same city as {self.u_name})"
        return [f"based in {where}"]


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
