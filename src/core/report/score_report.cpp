#include "core/report/score_report.hpp"

#include "core/paths.hpp"
#include "core/report/report_html.hpp"
#include "core/report/report_text.hpp"
#include "core/scoring.hpp"

#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace examsim::core {

using nlohmann::json;

namespace {

std::vector<ReportBar> bars(const std::vector<Breakdown>& in, const BankSet* banks, bool parts) {
    std::vector<ReportBar> out;
    for (const auto& b : in) {
        ReportBar r{b.key, b.key, b.questions, b.correct, b.earned, b.available, b.percent()};
        if (parts)
            r.label = b.key == "other" ? "Other" : "Part " + b.key;
        else if (const Topic* t = banks ? banks->topic(b.key) : nullptr)
            r.label = t->title;
        out.push_back(std::move(r));
    }
    return out;
}

std::string formatLine(const StoredAttempt& a) {
    std::string time = a.meta.config.timeLimitMinutes > 0
                           ? fmt::format("{} minutes", a.meta.config.timeLimitMinutes)
                           : "untimed";
    if (a.meta.config.extraTimePercent > 0)
        time += fmt::format(" (+{} % extra time)", formatNumber(a.meta.config.extraTimePercent));
    return fmt::format("{} questions, {} marks, {}, pass mark {} %", a.questions, formatNumber(a.maxScore),
                       time, formatNumber(a.meta.config.passMarkPercent));
}

std::string stemOf(const Question& q) {
    if (!q.stem.empty()) return q.stem;
    return "Assertion: " + q.assertion + " Reason: " + q.reason;
}

json barsJson(const std::vector<ReportBar>& bars) {
    json out = json::array();
    for (const auto& b : bars)
        out.push_back({{"key", b.key},
                       {"label", b.label},
                       {"questions", b.questions},
                       {"correct", b.correct},
                       {"earned", b.earned},
                       {"available", b.available},
                       {"percent", b.percent}});
    return out;
}

std::string barsHtml(const std::string& title, const std::vector<ReportBar>& bars, double passMark) {
    if (bars.empty()) return "";
    std::string out =
        fmt::format("<section>\n<h2>{}</h2>\n<table class=\"bars\">\n<thead><tr><th>Area</th><th>Correct</th>"
                    "<th>Marks</th><th class=\"barcol\">Score</th></tr></thead>\n<tbody>\n",
                    htmlEscape(title));
    for (const auto& b : bars)
        out += fmt::format("<tr><td>{}</td><td class=\"num\">{} of {}</td><td class=\"num\">{} / {}</td><td "
                           "class=\"barcol\">{}"
                           "<span class=\"pct\">{:.0f} %</span></td></tr>\n",
                           htmlEscape(b.label), b.correct, b.questions, formatNumber(b.earned),
                           formatNumber(b.available), htmlBar(b.percent, passMark), b.percent);
    return out + "</tbody>\n</table>\n</section>\n";
}

// Sets the marks of regraded items and recounts the bars from the items, as scorePaper counts them.
void applyItemMarks(Result& result, const std::map<std::size_t, double>& marks) {
    for (const auto& [position, earned] : marks)
        if (position < result.items.size()) {
            ItemResult& it = result.items[position];
            it.earned = earned;
            it.correct = it.marks > 0 && earned >= it.marks - 1e-9;
        }
    for (auto* list : {&result.byGroup, &result.byTopic, &result.byPart})
        for (auto& b : *list) b.correct = 0, b.earned = 0;
    const auto add = [](std::vector<Breakdown>& list, const std::string& key, const ItemResult& it) {
        for (auto& b : list)
            if (b.key == key) b.correct += it.correct ? 1 : 0, b.earned += it.earned;
    };
    for (const auto& it : result.items) {
        add(result.byGroup, it.group, it);
        add(result.byTopic, it.topic, it);
        add(result.byPart, it.part, it);
    }
}

std::string adjustmentsHtml(const ScoreReport& r) {
    if (r.adjustments.empty()) return "";
    std::string out = "<section class=\"adjustments\">\n<h2>Regrade adjustments</h2>\n<table>\n<thead><tr>"
                      "<th>Question</th><th>Mark</th><th>Result after</th><th>Date</th><th>Reason</th></tr>"
                      "</thead>\n<tbody>\n";
    for (const auto& a : r.adjustments)
        out += fmt::format(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} ({:.1f} %, {})</td><td>{}</td>"
            "<td>{}</td></tr>\n",
            a.number ? fmt::format("{} ({})", a.number, htmlEscape(a.questionId)) : std::string("-"),
            a.number ? formatNumber(a.oldEarned) + " &rarr; " + formatNumber(a.newEarned)
                     : (a.delta >= 0 ? "+" : "") + formatNumber(a.delta),
            formatNumber(a.newScore), a.newPercent, a.newPassed ? "pass" : "fail", isoDate(a.at),
            htmlEscape(a.reason));
    return out + "</tbody>\n</table>\n</section>\n";
}

} // namespace

std::variant<ScoreReport, ReportError> buildScoreReport(const ProgressStore& store,
                                                        const std::string& attemptId,
                                                        const ProfileSet* profiles, const BankSet* banks) {
    const auto a = store.attempt(attemptId);
    if (!a)
        return ReportError{fmt::format("no attempt with id \"{}\" in {}", attemptId, store.path().string())};
    if (a->status == "in_progress")
        return ReportError{fmt::format(
            "attempt {} is still in progress: finish it (the same take command resumes it) before making a "
            "report",
            attemptId)};
    if (a->status == "abandoned")
        return ReportError{
            fmt::format("attempt {} was abandoned without a result: there is nothing to report", attemptId)};

    ScoreReport r;
    r.attemptId = a->id;
    r.learner =
        store.learner(a->learnerId).value_or(Learner{a->learnerId, "(unknown learner)", "", 0, false});
    r.profileId = a->meta.profileId;
    r.profileTitle = a->meta.profileTitle;
    if (const ExamProfile* p = profiles ? profiles->find(a->meta.profileId) : nullptr) {
        r.profileDescription = p->description;
        r.practiceFormat = p->practiceFormat;
    }
    r.format = formatLine(*a);
    r.mode = std::string(nameOf(a->meta.mode));
    r.status = a->status;
    r.seed = a->meta.seed;
    r.banks = a->meta.banks;
    r.startedAt = a->startedAt;
    r.finishedAt = a->finishedAt;
    r.timeUsedMs = a->elapsedMs;
    r.timeLimitMinutes = a->meta.config.timeLimitMinutes;
    r.extraTimePercent = a->meta.config.extraTimePercent;
    r.questions = static_cast<int>(a->questions);
    r.answered = static_cast<int>(a->answered);
    r.raw = a->score;
    r.max = a->maxScore;
    r.percent = a->percent;
    r.passMarkPercent = a->meta.config.passMarkPercent;
    r.passed = a->passed;
    r.recordedRaw = a->storedScore;
    r.recordedPercent = a->storedPercent;
    r.recordedPassed = a->storedPassed;

    if (carriesCredit(*a)) {
        const CreditLedger ledger = buildCreditLedger(store.history(a->learnerId), profiles);
        for (const auto& e : ledger.entries)
            if (e.attemptId == a->id)
                r.creditEquivalent = e.equivalent, r.creditEarned = e.earned, r.creditRepeat = e.repeat;
    }

    Paper paper;
    try {
        paper = store.loadPaper(attemptId);
    } catch (const std::exception& e) {
        return ReportError{fmt::format("attempt {} cannot be read: {}", attemptId, e.what())};
    }
    const auto states = store.loadStates(attemptId);
    std::vector<Answer> answers;
    std::vector<std::int64_t> times;
    for (const auto& s : states) answers.push_back(s.answer), times.push_back(s.timeMs);
    Result result = scorePaper(paper, answers, times, ScoringRules{r.passMarkPercent, 0}, r.timeUsedMs);
    // The items as regraded: each position's latest adjusted mark.
    std::map<std::size_t, double> regraded;
    for (const auto& adj : store.adjustments(attemptId)) {
        ReportAdjustment x{0,         adj.questionId, adj.oldEarned, adj.newEarned,
                           adj.delta(), adj.newScore, adj.newPercent, adj.newPassed,
                           adj.createdAt, adj.reason};
        if (adj.questionId.empty()) {
            x.oldEarned = x.newEarned = 0, x.delta = adj.newEarned; // a delta without an item
        } else {
            x.number = static_cast<int>(adj.position + 1);
            regraded[adj.position] = adj.newEarned;
        }
        r.adjustments.push_back(std::move(x));
    }
    if (!regraded.empty()) applyItemMarks(result, regraded);
    r.byGroup = bars(result.byGroup, banks, false);
    r.byTopic = bars(result.byTopic, banks, false);
    r.byPart = bars(result.byPart, banks, true);
    for (std::size_t i = 0; i < result.items.size() && i < paper.items.size(); ++i) {
        const ItemResult& it = result.items[i];
        if (it.correct) continue;
        const Question& q = paper.items[i].question;
        MissedQuestion m{static_cast<int>(i + 1),
                         q.id,
                         q.topic,
                         stemOf(q),
                         q.explanation,
                         {},
                         it.earned,
                         it.marks,
                         it.answered};
        for (const auto& ref : q.references) m.references.push_back(formatReference(ref));
        r.missed.push_back(std::move(m));
    }
    return r;
}

std::variant<std::string, ReportError> loadReportCss() {
    const auto path = assetsDir() / "report" / "report.css";
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return ReportError{fmt::format(
            "cannot read the report stylesheet {}: the program's data folder is incomplete (reinstall, or "
            "set EXAMSIM_DATA_DIR to the folder holding assets/)",
            path.string())};
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string renderScoreReportHtml(const ScoreReport& r, const std::string& css) {
    std::string out =
        htmlPageStart(fmt::format("Score report: {} - {}", r.profileTitle, r.learner.name), css);
    out += fmt::format("<header>\n<h1>Score report: {}</h1>\n<p class=\"sub\">{}{}</p>\n</header>\n",
                       htmlEscape(r.profileTitle), htmlEscape(r.format),
                       r.practiceFormat ? " &middot; practice format (no official format is published)" : "");
    out += fmt::format(
        "<section class=\"result {}\">\n<div class=\"verdict\">{}</div>\n<div class=\"score\">{} of {} marks "
        "({:.1f} %)</div>\n<div class=\"passmark\">pass mark {} %</div>\n{}\n</section>\n",
        r.passed ? "pass" : "fail", r.passed ? "PASS" : "FAIL", formatNumber(r.raw), formatNumber(r.max),
        r.percent, formatNumber(r.passMarkPercent), htmlBar(r.percent, r.passMarkPercent));
    if (!r.adjustments.empty())
        out += fmt::format("<p class=\"regraded\">Regraded after the attempt: recorded as {} of {} marks "
                           "({:.1f} %, {}); the result above includes the adjustments listed below.</p>\n",
                           formatNumber(r.recordedRaw), formatNumber(r.max), r.recordedPercent,
                           r.recordedPassed ? "pass" : "fail");
    out += "<table class=\"facts\">\n";
    const auto row = [&](const std::string& k, const std::string& v) {
        out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", htmlEscape(k), htmlEscape(v));
    };
    row("Learner", r.learner.name + (r.learner.team.empty() ? "" : " (team " + r.learner.team + ")"));
    row("Profile", r.profileTitle + " [" + r.profileId + "]");
    if (!r.profileDescription.empty()) row("Format", r.profileDescription);
    row("Mode", r.mode + (r.status == "timed_out" ? " (submitted when time ran out)" : ""));
    row("Date", isoTimestamp(r.startedAt));
    row("Time used", formatClock(r.timeUsedMs, false) +
                         (r.timeLimitMinutes > 0 ? " of " + formatClock(r.timeLimitMinutes * 60'000LL *
                                                                            (100 + r.extraTimePercent) / 100,
                                                                        false)
                                                 : ""));
    row("Answered", fmt::format("{} of {} questions", r.answered, r.questions));
    row("Attempt", r.attemptId);
    row("Banks", r.banks);
    out += "</table>\n";
    if (r.creditEquivalent > 0) {
        out += "<section class=\"credit\">\n";
        out += r.creditRepeat
                   ? fmt::format("<p>This pass repeats a level already passed: it earns no further credit "
                                 "equivalent (the first pass "
                                 "carried {}).</p>\n",
                                 formatNumber(r.creditEquivalent))
                   : fmt::format("<p>Passed in exam mode: <strong>{} ITIL Expert credit "
                                 "equivalent{}</strong>, a complementary credit "
                                 "of the ITIL v3 (2011) credit system.</p>\n",
                                 formatNumber(r.creditEquivalent), r.creditEquivalent == 1 ? "" : "s");
        out += "<ul class=\"caveats\">\n";
        for (const auto& c : creditCaveats()) out += "<li>" + htmlEscape(c) + "</li>\n";
        out += "</ul>\n</section>\n";
    }
    out += adjustmentsHtml(r);
    out += barsHtml("By topic group", r.byGroup, r.passMarkPercent);
    out += barsHtml("By topic", r.byTopic, r.passMarkPercent);
    out += barsHtml("By part of ISO/IEC 20000", r.byPart, r.passMarkPercent);
    out += "<section class=\"missed\">\n<h2>Questions missed</h2>\n";
    if (r.missed.empty())
        out += "<p>None: every question earned full marks.</p>\n";
    else {
        out += "<ol>\n";
        for (const auto& m : r.missed) {
            out += fmt::format("<li value=\"{}\"><p class=\"stem\">{}</p>\n<p class=\"meta\">{} &middot; {} "
                               "&middot; {} of {} marks{}</p>\n",
                               m.number, htmlEscape(m.stem), htmlEscape(m.questionId), htmlEscape(m.topic),
                               formatNumber(m.earned), formatNumber(m.marks),
                               m.answered ? "" : " &middot; not answered");
            if (!m.references.empty()) {
                std::string refs;
                for (const auto& ref : m.references) refs += (refs.empty() ? "" : "; ") + ref;
                out += "<p class=\"refs\">See " + htmlEscape(refs) + "</p>\n";
            }
            if (!m.explanation.empty()) out += "<p class=\"why\">" + htmlEscape(m.explanation) + "</p>\n";
            out += "</li>\n";
        }
        out += "</ol>\n";
    }
    out += "</section>\n";
    return out + htmlPageEnd();
}

std::string renderScoreReportJson(const ScoreReport& r) {
    json j{{"format", "examsim-score-report"},
           {"version", 1},
           {"attempt", r.attemptId},
           {"learner", {{"id", r.learner.id}, {"name", r.learner.name}, {"team", r.learner.team}}},
           {"profile",
            {{"id", r.profileId},
             {"title", r.profileTitle},
             {"description", r.profileDescription},
             {"practice_format", r.practiceFormat},
             {"format", r.format}}},
           {"mode", r.mode},
           {"status", r.status},
           {"seed", r.seed},
           {"banks", r.banks},
           {"started", isoTimestamp(r.startedAt)},
           {"finished", isoTimestamp(r.finishedAt)},
           {"time_used_ms", r.timeUsedMs},
           {"time_used", isoDuration(r.timeUsedMs)},
           {"time_limit_minutes", r.timeLimitMinutes},
           {"extra_time_percent", r.extraTimePercent},
           {"questions", r.questions},
           {"answered", r.answered},
           {"raw", r.raw},
           {"max", r.max},
           {"percent", r.percent},
           {"pass_mark_percent", r.passMarkPercent},
           {"passed", r.passed},
           {"credit",
            {{"equivalent", r.creditEquivalent}, {"earned", r.creditEarned}, {"repeat", r.creditRepeat}}},
           {"by_group", barsJson(r.byGroup)},
           {"by_topic", barsJson(r.byTopic)},
           {"by_part", barsJson(r.byPart)},
           {"missed", json::array()},
           {"self_reported", r.selfReported},
           {"caveats", creditCaveats()},
           {"recorded", {{"raw", r.recordedRaw}, {"percent", r.recordedPercent}, {"passed", r.recordedPassed}}},
           {"adjustments", json::array()}};
    for (const auto& a : r.adjustments)
        j["adjustments"].push_back({{"number", a.number},
                                    {"question", a.questionId},
                                    {"old_earned", a.oldEarned},
                                    {"new_earned", a.newEarned},
                                    {"delta", a.delta},
                                    {"new_raw", a.newScore},
                                    {"new_percent", a.newPercent},
                                    {"new_passed", a.newPassed},
                                    {"date", isoTimestamp(a.at)},
                                    {"reason", a.reason}});
    for (const auto& m : r.missed)
        j["missed"].push_back({{"number", m.number},
                               {"question", m.questionId},
                               {"topic", m.topic},
                               {"stem", m.stem},
                               {"explanation", m.explanation},
                               {"references", m.references},
                               {"earned", m.earned},
                               {"marks", m.marks},
                               {"answered", m.answered}});
    return j.dump(2) + "\n";
}

std::string renderScoreReportCsv(const ScoreReport& r) {
    std::string out = "section,key,label,questions,correct,earned,available,percent,detail\n";
    const auto line = [&](const std::string& section, const std::string& key, const std::string& label,
                          int questions, int correct, double earned, double available, double percent,
                          const std::string& detail) {
        out += fmt::format("{},{},{},{},{},{},{},{:.1f},{}\n", section, csvField(key), csvField(label),
                           questions, correct, formatNumber(earned), formatNumber(available), percent,
                           csvField(detail));
    };
    int correct = 0;
    for (const auto& g : r.byGroup) correct += g.correct;
    line("attempt", r.attemptId, r.learner.name + " - " + r.profileTitle, r.questions, correct, r.raw, r.max,
         r.percent,
         fmt::format("{}; pass mark {} %; {} mode; {}; time used {}; credit equivalent {}",
                     r.passed ? "pass" : "fail", formatNumber(r.passMarkPercent), r.mode,
                     isoTimestamp(r.startedAt), isoDuration(r.timeUsedMs), formatNumber(r.creditEarned)) +
             (r.adjustments.empty() ? ""
                                    : fmt::format("; regraded (recorded {} marks, {})", formatNumber(r.recordedRaw),
                                                  r.recordedPassed ? "pass" : "fail")));
    for (const auto& b : r.byGroup)
        line("group", b.key, b.label, b.questions, b.correct, b.earned, b.available, b.percent, "");
    for (const auto& b : r.byTopic)
        line("topic", b.key, b.label, b.questions, b.correct, b.earned, b.available, b.percent, "");
    for (const auto& b : r.byPart)
        line("part", b.key, b.label, b.questions, b.correct, b.earned, b.available, b.percent, "");
    for (const auto& a : r.adjustments)
        line("adjustment", a.questionId, a.reason, a.number ? 1 : 0, 0, a.delta, 0, a.newPercent,
             fmt::format("question {}; {} -> {}; {}; result {} ({})", a.number, formatNumber(a.oldEarned),
                         formatNumber(a.newEarned), isoTimestamp(a.at), formatNumber(a.newScore),
                         a.newPassed ? "pass" : "fail"));
    for (const auto& m : r.missed) {
        std::string refs;
        for (const auto& ref : m.references) refs += (refs.empty() ? "" : "; ") + ref;
        line("missed", m.questionId, m.stem, 1, 0, m.earned, m.marks,
             m.marks > 0 ? 100 * m.earned / m.marks : 0,
             fmt::format("question {}; {}{}", m.number, refs, m.answered ? "" : "; not answered"));
    }
    return out;
}

} // namespace examsim::core
