"""REG-1, U-6: a coordination regulation's text (a `Source` of the reader) becomes an `Extracted` (kind
"regulation"): number, date, issuer, title and the responsibilities (agency, role, area or topic, article).

Pure: stdlib, `cchc.core.text` and `cchc.ingest.*` only; it never raises (every doubt becomes a warning in
Vietnamese with its line).

How it reads a regulation:
- The header comes from the decision ("Số: 925 /QĐ-UBND", "Kiên Giang, ngày 17 tháng 4 năm 2018", the issuing
  body in capitals, "Điều 1. Ban hành kèm theo Quyết định này Quy chế …"), else from the regulation's own
  "(Ban hành kèm theo Quyết định số … ngày … của …)". A blank number or day gives "" / None and a warning.
- Responsibilities come from the regulation only (after its "QUY CHẾ" heading), by article ("Điều N."; also
  "Điền N." and bold or heading marks), clause ("1."; a repeated number is kept as written) and point ("a)",
  "- a)"; a misprinted letter that breaks the sequence is read by its position, with a warning).
- Each clause or point is read for its subject (the agencies it opens with, else those of a "Trách nhiệm của
  X" heading, of a heading-only clause "2. Các Sở: …" or of a passive "do X dự toán"), its role verbs (chủ trì,
  làm đầu mối → lead; phối hợp, tham gia → coordinate; "phối hợp với Y" → Y leads unless Y is a group;
  "thẩm định Chỉ số" or "theo dõi, đánh giá Chỉ số … đối với các nội dung" → appraise, of those contents and
  of a clause it refers to ("quy định tại khoản 2 Điều này"); "phối hợp thẩm định" → co-appraise) and its
  topics (folded keywords → codes of data/programmes.yaml). A clause with no agency or no topic gives a warning
  naming its line; nothing is guessed.
- "Các Sở: A, B, C và Văn phòng …" distributes "Sở" over the list, "Văn phòng …", "Ủy ban nhân dân …" and
  groups keep their own head, "UBND cấp huyện, cấp xã" is two groups. Names stay as written otherwise; the
  resolver maps them to agencies.

Decisions (the data files of the three seed regulations were the check; see also the comments where they
apply):
- The loader's rules shape the result: one row per (topic, role, agency), one lead per topic, a lead is never
  also a coordinator. Among candidates the statement in the agency's own article or heading ("Trách nhiệm của
  X") wins, then a clause-level statement (that heading, or a clause enumerating its contents "… các nội dung
  sau:"), then the first in the text. Recipients of a draft ("gửi dự thảo cho X để lấy ý kiến") and the
  province's self-assessment read from the "theo dõi, đánh giá Chỉ số … của tỉnh" clauses count only where the
  text says nothing more direct.
- The list of coordinating agencies (topic "general") is the article "Cơ quan chủ trì, cơ quan phối hợp" when
  there is one, else every agency named in the scope article ("Phạm vi …").
- A topic that names a deliverable or a process (a plan, a budget, proposals, comments, reports, an
  inspection) absorbs the reform areas the same sentence names: they are its content, not separate duties. A
  sentence naming four areas or more is about the reform as a whole ("general").
- Topics an article gives coordinators but no lead take the agency that presides over the article ("Sở Nội vụ
  chủ trì, phối hợp với … trong thực hiện các nhiệm vụ sau:").
- Articles that only state principles, purposes, forms or requirements give no responsibilities.
- The yearly proposal deadline, the meeting cadence, the appraisal lists and the sentences that send proposals,
  comments and plans to the standing agency are read by `regulation_clauses`; a line read into nothing is a
  warning (U-6).

The pieces: `textparse` (folding, articles and clauses, dates), `regulation_vocabulary` (the words, as data),
`regulation_topics`, `regulation_agencies`, `regulation_header`, `regulation_clauses`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from cchc.ingest.reader import Source
from cchc.ingest.regulation_agencies import (
    _clean_name,
    _cut_reference,
    _is_pure_list,
    _key,
    _masked,
    _names,
    _run_at,
    _runs,
    _scan,
    _subject_at,
)
from cchc.ingest.regulation_clauses import appraisal_rows, is_appraisal_intro, read_times, warn_unplaced
from cchc.ingest.regulation_header import _parse_header
from cchc.ingest.regulation_topics import _topics
from cchc.ingest.regulation_vocabulary import (
    AFTER_SEMICOLON_COORD_RE,
    APPRAISE_RE,
    AREA_OF,
    AREAS,
    CO_APPRAISE_RE,
    COMMENT_RE,
    CONSULT_RE,
    COORD_RE,
    ENUM_RE,
    INVITE_RE,
    LEAD_RE,
    LEAD_START_RE,
    OWN_RE,
    PARTNER_RE,
    PLAN_TOPICS,
    PROVINCE_INDEX_RE,
    RECEIVED_TOPICS,
    REF_RE,
    REQUEST_RE,
    ROSTER_TITLE,
    SCOPE_TITLE,
    SEND_RE,
    SEND_STOP_RE,
    SKIP_TITLES,
    SOLICIT_RE,
    URGE_RE,
)
from cchc.ingest.structure import Extracted, Responsibility
from cchc.ingest.textparse import Article, Para, Unit, aligned, norm, paras_of, parse_articles

__all__ = ["AREA_OF", "AREAS", "parse_regulation"]

LEAD, APPRAISE, CO_APPRAISE, COORDINATE = "lead", "appraise", "co-appraise", "coordinate"

# --- responsibilities -------------------------------------------------------------------------------------------


@dataclass
class _Row:
    topic: str
    role: str
    agency: str
    article: str
    line: int
    own: bool = False  # stated in the agency's own article or heading ("Trách nhiệm của X")
    level: bool = False  # a clause-level statement (a heading, a clause enumerating its contents)
    weak: bool = False  # recipients of a draft, the article's lead for its unattributed topics
    derived: bool = False  # the province's self-assessment read from the index clauses

    def rank(self) -> tuple:
        return (self.weak, self.derived, not self.own, not self.level, self.line)


@dataclass
class _Context:
    subjects: list[tuple[str, bool]] = field(default_factory=list)
    own: set[str] = field(default_factory=set)
    lead: bool = False  # the intro says "chủ trì"
    partners: list[tuple[str, bool]] = field(default_factory=list)  # the intro's "phối hợp với"
    topics: list[str] = field(default_factory=list)


class _Extractor:
    def __init__(self, articles: list[Article], ex: Extracted):
        self.articles = articles
        self.ex = ex
        self.rows: list[_Row] = []
        self.read: set[int] = set()  # the lines read into responsibilities (U-6: the others are warnings)
        self.skipped: set[int] = set()  # articles that assign nothing (principles, scope with a roster, …)
        self.has_roster = any(ROSTER_TITLE.search(norm(aligned(a.title))) for a in articles)
        # the article being read
        self.article_topics: list[str] = []
        self.plan_topic: str | None = None
        self.roster = False
        self.article_lead: tuple[str, str, int] | None = None
        self.clause_topics: dict[str, list[str]] = {}

    # -- helpers

    def _row(self, topic, role, name, ref, line, **flags) -> None:
        self.rows.append(_Row(topic, role, _clean_name(name), ref, line, **flags))

    @staticmethod
    def _ref(article: int, clause: str = "", point: str = "") -> str:
        ref = f"Đ{article}"
        if clause:
            ref += f".{clause}"
        return ref + point

    def _unit_topics(self, text: str) -> list[str]:
        folded = aligned(text)
        return _topics(norm(_masked(folded, _scan(text, folded))))

    # -- articles

    def run(self) -> None:
        for article in self.articles:
            try:
                self._article(article)
            except Exception as exc:  # noqa: BLE001 - one odd article must not lose the others
                self.ex.warn(article.line, f"Điều {article.number}: không đọc được ({type(exc).__name__}).")

    def _article(self, article: Article) -> None:
        title_norm = norm(aligned(article.title))
        if SCOPE_TITLE.match(title_norm):
            if not self.has_roster:
                self._scope(article)
            else:
                self.skipped.add(article.number)
            return
        if SKIP_TITLES.match(title_norm):
            self.skipped.add(article.number)
            return
        roster = bool(ROSTER_TITLE.search(title_norm))
        own_match = OWN_RE.match(aligned(article.title))
        ctx = _Context()
        if own_match:
            run = _runs(_scan(article.title), aligned(article.title))
            names = _names(_run_at(run, own_match.end()))
            ctx.subjects = names
            ctx.own = {_key(n) for n, _ in names}
            ctx.topics = []
        else:
            ctx.topics = self._unit_topics(article.title)
        if roster:
            ctx.topics = ["general"]
        self.article_topics = ctx.topics
        self.plan_topic = next((t for t in PLAN_TOPICS if t in ctx.topics), None)
        self.roster = roster
        self.article_lead = None
        self.clause_topics = {}
        start = len(self.rows)
        if not article.clauses:
            paras = article.body or ([Para(article.line, article.title)] if not own_match else [])
            if paras:
                self._unit(paras, self._ref(article.number), ctx)
        else:
            # an article's introduction ("Tùy theo tính chất … các hình thức sau:") assigns nothing
            self.clause_topics = {
                c.label: self._unit_topics(" ".join(p.text for p in self._all_paras(c))) for c in article.clauses
            }
            first_heading = True
            for clause in article.clauses:
                first_heading = self._clause(article, clause, ctx, first_heading)
        self._article_lead_fallback(start)

    def _article_lead_fallback(self, start: int) -> None:
        """Topics that the article gives coordinators but no lead take the agency that presides the article."""
        if self.article_lead is None:
            return
        rows = self.rows[start:]
        led = {r.topic for r in rows if r.role == LEAD and not r.weak}
        name, ref, line = self.article_lead
        for topic in dict.fromkeys(r.topic for r in rows if r.role == COORDINATE and not r.derived):
            if topic not in led:
                self._row(topic, LEAD, name, ref, line, weak=True)

    @staticmethod
    def _all_paras(clause: Unit) -> list[Para]:
        paras = list(clause.paras)
        for point in clause.points:
            paras.extend(point.paras)
        return paras

    def _scope(self, article: Article) -> None:
        units = [(self._ref(article.number, c.label), c.line, self._all_paras(c)) for c in article.clauses]
        if not article.clauses and article.body:
            units = [(self._ref(article.number), article.line, article.body)]
        for ref, line, paras in units:
            for para in paras:
                for name, _ in _names(_scan(para.text)):
                    self._row("general", COORDINATE, name, ref, line)
                self.read.add(para.line)

    def _clause(self, article: Article, clause: Unit, actx: _Context, first_heading: bool) -> bool:
        """One clause; returns whether the next "Trách nhiệm của X" heading of the article is still the first.
        REG-4: an appraisal intro followed by points gives one appraisal row per agency and area of each point."""
        intro = clause.paras[0].text if clause.paras else (article.body[-1].text if article.body else "")
        if clause.points and intro and is_appraisal_intro(intro):
            for name, area, line, label in appraisal_rows(clause.points):
                self._row(area, APPRAISE, name, self._ref(article.number, clause.label, label), line, own=True)
            self.read.update(p.line for p in [*self._all_paras(clause), *article.body])
            return first_heading
        before = len(self.rows)
        first_heading = self._clause_rows(article, clause, actx, first_heading)
        if len(self.rows) > before:  # the clause's heading or intro was read with it
            self.read.update(p.line for p in clause.paras[:1])
            if not clause.paras[1:] and not any(p.paras for p in clause.points):
                self.read.update(p.line for p in self._all_paras(clause))
        return first_heading

    def _clause_rows(self, article: Article, clause: Unit, actx: _Context, first_heading: bool) -> bool:
        ref = self._ref(article.number, clause.label)
        if not clause.paras and not clause.points:
            return first_heading
        intro = clause.paras[0].text if clause.paras else ""
        intro_folded = aligned(intro)
        ctx = _Context(list(actx.subjects), set(actx.own), topics=list(actx.topics))
        own_match = OWN_RE.match(intro_folded)
        pure = _is_pure_list(intro) if intro else None
        heading = bool(own_match or pure)
        if own_match:  # "1. Trách nhiệm của Sở Nội vụ": its agencies do the article's work
            names = _names(_run_at(_runs(_scan(intro, intro_folded), intro_folded), own_match.end()))
            if names:
                ctx.subjects, ctx.own = names, {_key(n) for n, _ in names}
                if self.article_topics and not self.roster:
                    for i, (name, _) in enumerate(names):
                        role = LEAD if first_heading and i == 0 else COORDINATE
                        for topic in self.article_topics:
                            self._row(topic, role, name, ref, clause.line, own=True, level=True)
                    first_heading = False
        elif pure:  # "2. Các Sở: Tư pháp, …, Văn phòng Ủy ban nhân dân tỉnh" heads its points
            ctx.subjects, ctx.own = pure, set()
        rest = clause.paras[1:] if heading or clause.points else clause.paras

        # agencies listed one per point or bullet under an intro ("Các cơ quan … phối hợp với Sở Nội vụ …:")
        items: list = clause.points or [p for p in rest if p.bullet]
        item_lists = [(_is_pure_list(" ".join(p.text for p in paras_of(item))), item) for item in items]
        if items and not heading and all(names for names, _ in item_lists):
            self._roster_items(article, clause, intro, item_lists, ctx)
            self.read.update(p.line for p in self._all_paras(clause))
            return first_heading

        # a clause enumerating its contents ("… thuộc các nội dung sau: a) …") is one statement
        if clause.points and intro.rstrip().endswith(":") and ENUM_RE.search(norm(intro_folded)):
            text = " ".join(p.text for p in self._all_paras(clause))
            self._unit([Para(clause.line, text)], ref, ctx, level=True)
            self.read.update(p.line for p in self._all_paras(clause))
            return first_heading

        if clause.points:  # the intro gives its subject, role, partners and topics to the points
            if intro and not heading:
                self._intro_context(intro, ctx, ref, clause.line)
            if rest:
                self._unit(rest, ref, ctx)
            for point in clause.points:
                if point.paras:
                    self._unit(point.paras, self._ref(article.number, clause.label, point.label), ctx)
        elif rest:
            self._unit(rest, ref, ctx)
        return first_heading

    def _intro_context(self, intro: str, ctx: _Context, ref: str, line: int) -> None:
        """A clause's intro passes its subject, role and partners to its points ("Sở Nội vụ chủ trì, phối hợp
        với … trong thực hiện các nhiệm vụ sau:")."""
        folded = aligned(intro)
        runs = _runs(_scan(intro, folded), folded)
        subject, pred_start = _subject_at(folded, runs, 0)
        if subject:
            ctx.subjects = subject
        if LEAD_RE.search(norm(folded[pred_start:])):
            ctx.lead = True
            if len(ctx.subjects) == 1 and self.article_lead is None:
                self.article_lead = (ctx.subjects[0][0], ref, line)
        for m in PARTNER_RE.finditer(folded, pred_start):
            ctx.partners = _names(_run_at(runs, m.end()))
            break
        topics = self._unit_topics(intro)
        if topics:
            ctx.topics = topics

    def _roster_items(self, article, clause, intro, item_lists, ctx) -> None:
        ref = self._ref(article.number, clause.label)
        folded = aligned(intro)
        runs = _runs(_scan(intro, folded), folded)
        topics = self._unit_topics(intro) or ctx.topics
        if self.roster:
            topics = ["general"]
        if not topics:
            self.ex.warn(clause.line, f"{ref} (dòng {clause.line}): không xác định được nội dung của danh sách này.")
            return
        lead = None
        for m in PARTNER_RE.finditer(folded):
            partners = _names(_run_at(runs, m.end()))
            if partners and not partners[0][1]:
                lead = partners[0][0]
            break
        normed = norm(folded)
        role = COORDINATE if (COORD_RE.search(normed) or lead or not LEAD_RE.search(normed)) else LEAD
        for names, item in item_lists:
            item_ref = ref + (item.label if isinstance(item, Unit) else "")
            line = item.line
            for name, _ in names:
                for topic in topics:
                    self._row(topic, role, name, item_ref, line)
        if lead:
            for topic in topics:
                self._row(topic, LEAD, lead, ref, clause.line)

    # -- units

    def _groups(self, paras: list[Para]) -> list[tuple[Para, list[int]]]:
        """A paragraph with its own role verb stands alone; any other one continues the previous one. Each group
        comes with the lines of its paragraphs."""
        groups: list[tuple[Para, list[int]]] = []
        for para in paras:
            normed = norm(aligned(para.text))
            verb = LEAD_RE.search(normed) or COORD_RE.search(normed) or APPRAISE_RE.search(normed)
            if groups and not verb:
                last, lines = groups[-1]
                groups[-1] = (Para(last.line, last.text + "\n" + para.text), [*lines, para.line])
            else:
                groups.append((Para(para.line, para.text), [para.line]))
        return groups

    def _unit(self, paras: list[Para], ref: str, ctx: _Context, level: bool = False) -> None:
        subjects = list(ctx.subjects)
        for i, (group, lines) in enumerate(self._groups(paras)):
            before = len(self.rows)
            try:
                subjects = self._sentence(group, ref, ctx, subjects, level, first=i == 0)
            except Exception as exc:  # noqa: BLE001 - never raise: a warning names the line
                self.ex.warn(group.line, f"{ref} (dòng {group.line}): không đọc được đoạn này ({type(exc).__name__}).")
            if len(self.rows) > before:
                self.read.update(lines)

    def _sentence(self, para: Para, ref: str, ctx: _Context, subjects, level: bool, first: bool) -> list:
        """The rows of one sentence group; returns the subjects for the next group of the same unit."""
        text, line = para.text, para.line
        pure = _is_pure_list(text)
        if pure:  # "b) Các Sở, ngành: Tư pháp, …" heads the paragraphs that follow
            return pure
        folded = aligned(text)
        cut = _cut_reference(folded)
        mentions = [m for m in _scan(text, folded) if m.start >= cut]
        runs = _runs(mentions, folded)
        subject, pred_start = _subject_at(folded, runs, cut)
        explicit = bool(subject)
        subject = subject or subjects
        pred = folded[pred_start:]
        masked = _masked(folded, mentions)
        normed_pred = norm(masked[pred_start:])
        normed_all = norm(masked[cut:])

        def named_after(pattern: re.Pattern) -> list[tuple[str, bool]]:
            m = pattern.search(pred)
            return _names(_run_at(runs, pred_start + m.end())) if m else []

        partners = named_after(PARTNER_RE) or (ctx.partners if first and not explicit else [])
        invitees = named_after(INVITE_RE) + named_after(CONSULT_RE)
        requester = named_after(REQUEST_RE)
        urged = named_after(URGE_RE)
        recipients: list[tuple[str, bool]] = []
        send = SEND_RE.search(pred)
        if send:
            stop = SEND_STOP_RE.search(pred[send.end() :])
            limit = pred_start + send.end() + (stop.start() if stop else len(pred))
            run = next((r for r in runs if pred_start + send.end() <= r[0].start < limit), None)
            recipients = _names(run)

        co_appraise = bool(CO_APPRAISE_RE.search(normed_pred))
        appraise = bool(APPRAISE_RE.search(normed_pred))
        lead_start = bool(LEAD_START_RE.match(normed_pred))
        lead_verb = lead_start or bool(LEAD_RE.search(normed_pred)) or (first and not explicit and ctx.lead)
        coord_verb = bool(COORD_RE.search(normed_pred))
        solicit = bool(SOLICIT_RE.search(normed_pred))
        comment = bool(COMMENT_RE.search(normed_pred))

        topics = _topics(normed_all)
        if self.roster:
            topics = ["general"]
        elif comment and not co_appraise and not appraise:
            # a comment is about the draft commented on: the CCHC plan, else the plan the article is about
            if "plan-comments" in topics:
                topics = ["plan-comments"]
            elif self.plan_topic:
                topics = [self.plan_topic]
        topics = topics or list(ctx.topics) or list(self.article_topics)

        agencies = [name for name, _ in subject]
        single = len(subject) == 1 and not subject[0][1]  # one agency, not a group: it can lead
        if not topics or not (agencies or (recipients and "agency-plans" in topics)):
            what = "cơ quan thực hiện" if not agencies else "nội dung (lĩnh vực, chủ đề)"
            self.ex.warn(line, f"{ref} (dòng {line}): không xác định được {what}; đoạn này không thành trách nhiệm.")
            return subjects

        def add(topic_list: list[str], role: str, name: str, **extra) -> None:
            for topic in topic_list:
                self._row(topic, role, name, ref, line, own=_key(name) in ctx.own, level=level, **extra)

        def add_all(topic_list: list[str], role: str, names) -> None:
            for name in names:
                add(topic_list, role, name[0] if isinstance(name, tuple) else name)

        received = [t for t in topics if t in RECEIVED_TOPICS]
        receiver = recipients[0] if recipients and not recipients[0][1] else None
        if not agencies:  # "Kế hoạch CCHC … của các cơ quan, đơn vị phải đồng gửi A, B, C": A leads
            add(["agency-plans"], LEAD, recipients[0][0])
            add_all(["agency-plans"], COORDINATE, recipients[1:])
        elif received and receiver and not solicit and _key(receiver[0]) not in {_key(a) for a in agencies}:
            # REG-4: "Các sở, ban, ngành … gửi đề xuất về Sở Nội vụ": the receiver leads, the senders coordinate
            add(received, LEAD, receiver[0], weak=True)
            add_all([t for t in received if t != "agency-plans"], COORDINATE, agencies)
            add_all(received, COORDINATE, recipients[1:])
        elif co_appraise:
            add_all([t for t in topics if t != "project-appraisal"] or topics, CO_APPRAISE, agencies)
        elif appraise:
            referred = [t for m in REF_RE.finditer(normed_pred) for t in self.clause_topics.get(m.group(1), [])]
            add_all(list(dict.fromkeys(topics + [t for t in referred if t != "general"])), APPRAISE, agencies)
            if lead_start:
                add(topics, LEAD, agencies[0])
            if PROVINCE_INDEX_RE.search(normed_pred):
                # whoever leads the direction area's index content leads the province's self-assessment
                role = LEAD if lead_start and "direction" in topics else COORDINATE
                for name in agencies:
                    add(["province-self-assessment"], role, name, derived=True)
        elif lead_verb:
            add(topics, LEAD, agencies[0])
            add_all(topics, COORDINATE, agencies[1:] + partners + invitees + urged)
            if self.article_lead is None and single:
                self.article_lead = (agencies[0], ref, line)
        elif invitees or (solicit and not partners):
            add(topics, LEAD, agencies[0])
            add_all(topics, COORDINATE, agencies[1:] + invitees)
        elif coord_verb and partners and not partners[0][1]:  # "phối hợp với Sở Nội vụ": Sở Nội vụ leads
            add(topics, LEAD, partners[0][0])
            add_all(topics, COORDINATE, partners[1:] + agencies)
        elif coord_verb and partners:  # "phối hợp với các cơ quan liên quan": a group cannot lead
            if single:
                add(topics, LEAD, agencies[0])
            else:
                add_all(topics, COORDINATE, agencies)
            add_all(topics, COORDINATE, partners)
        elif coord_verb:
            if requester and not requester[0][1]:  # "phối hợp kiểm tra … theo đề nghị của Sở Nội vụ"
                add(topics, LEAD, requester[0][0])
            add_all(topics, COORDINATE, agencies)
        else:  # no role verb: one agency does the work, several share it
            if single:
                add(topics, LEAD, agencies[0])
            else:
                add_all(topics, COORDINATE, agencies)
            add_all(topics, COORDINATE, urged)
        if solicit:
            for name, _ in recipients:
                add(topics, COORDINATE, name, weak=True)
        own_keys = {_key(a) for a in agencies}
        for run in runs:  # "…; Văn phòng Ủy ban nhân dân tỉnh phối hợp thực hiện": it coordinates the same work
            after_semicolon = run[0].start > pred_start and folded[: run[0].start].rstrip().endswith(";")
            if after_semicolon and AFTER_SEMICOLON_COORD_RE.match(folded[run[-1].end :]):
                add_all(topics, COORDINATE, [n for n in _names(run) if _key(n[0]) not in own_keys])
        return subjects

    # -- consolidation

    def responsibilities(self) -> list[Responsibility]:
        """The candidates under the loader's rules: one row per (topic, role, agency), one lead per topic, no
        lead among its coordinators; the best-ranked candidate wins (`_Row.rank`)."""
        best: dict[tuple[str, str, str], _Row] = {}
        for row in self.rows:
            key = (row.topic, row.role, _key(row.agency))
            if key not in best or row.rank() < best[key].rank():
                best[key] = row
        rows = list(best.values())
        direct_topics = {r.topic for r in rows if not r.derived}
        rows = [r for r in rows if not r.derived or r.topic not in direct_topics]
        leads: dict[str, _Row] = {}
        for row in rows:
            if row.role == LEAD and (row.topic not in leads or row.rank() < leads[row.topic].rank()):
                leads[row.topic] = row
        kept = []
        for row in rows:
            lead = leads.get(row.topic)
            if row.role == LEAD and row is not lead:
                continue
            if row.role == COORDINATE and lead is not None and _key(lead.agency) == _key(row.agency):
                continue
            kept.append(row)
        order = {LEAD: 0, APPRAISE: 1, CO_APPRAISE: 2, COORDINATE: 3}
        kept.sort(key=lambda r: (r.line, order[r.role], r.topic))
        return [Responsibility(r.agency, r.role, r.topic, r.article, r.line) for r in kept]


# --- entry point ------------------------------------------------------------------------------------------------


def _prepared(source: Source) -> list[tuple[int, str]]:
    lines = []
    for line in getattr(source, "lines", None) or []:
        text = getattr(line, "text", "") or ""
        # NFC keeps one character per letter (the folding relies on it); "Ð" (Icelandic eth) stands in for "Đ"
        text = unicodedata.normalize("NFC", str(text)).replace("\u00d0", "Đ")
        lines.append((int(getattr(line, "number", len(lines) + 1)), text))
    return lines


def _body_start(lines: list[tuple[int, str]]) -> int | None:
    """The line of the regulation's own heading ("QUY CHẾ"), if the text has one."""
    for number, text in lines:
        if aligned(text.strip()).strip("*#_ ") == "quy che":
            return number
    return None


def parse_regulation(source: Source) -> Extracted:
    """The regulation's header and responsibilities; never raises (a warning says what could not be read)."""
    ex = Extracted(kind="regulation")
    try:
        lines = _prepared(source)
        if not any(text.strip() for _, text in lines):
            ex.warn(None, "Văn bản trống: không có nội dung để đọc.")
            return ex
        start = _body_start(lines)
        _parse_header(lines, start, ex)
        body = [(n, t) for n, t in lines if n > start] if start is not None else lines
        outside: list[tuple[int, str]] = []
        articles = parse_articles(body, ex, outside)
        if not articles:
            ex.warn(None, "Không tìm thấy điều khoản nào (Điều 1., Điều 2., …) trong Quy chế.")
            return ex
        extractor = _Extractor(articles, ex)
        extractor.run()
        ex.responsibilities = extractor.responsibilities()
        read = extractor.read | {r.line for r in extractor.rows} | read_times(articles, ex)
        warn_unplaced(articles, read, extractor.skipped, ex, outside)
        if not ex.responsibilities:
            ex.warn(None, "Không tìm thấy trách nhiệm nào (cơ quan chủ trì, phối hợp, thẩm định) trong Quy chế.")
    except Exception as exc:  # noqa: BLE001 - the parser never raises; the person sees why nothing was read
        ex.warn(None, f"Không đọc được văn bản như một Quy chế ({type(exc).__name__}).")
    return ex
