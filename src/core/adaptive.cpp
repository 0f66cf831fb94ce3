#include "core/adaptive.hpp"

#include "core/question_json.hpp"
#include "core/rng.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

namespace examsim::core {

namespace {
constexpr std::int64_t kDay = 86'400;

// Whole days between two moments, as py-fsrs counts them (timedelta.days: rounded down).
std::int64_t wholeDays(std::int64_t from, std::int64_t to) {
    const std::int64_t d = to - from;
    return d >= 0 ? d / kDay : -((-d + kDay - 1) / kDay);
}

std::int64_t median(std::vector<std::int64_t> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
} // namespace

Rating ratingFor(bool correct, bool flagged, int confidence, std::int64_t timeMs, std::int64_t fastMs) {
    if (!correct) return Rating::Again;
    if (flagged || confidence == 0) return Rating::Hard;
    if (confidence == 1 && timeMs > 0 && timeMs < fastMs) return Rating::Easy;
    return Rating::Good;
}

std::map<std::string, std::int64_t> fastThresholds(const std::vector<ReviewRecord>& records) {
    std::map<std::string, std::vector<std::int64_t>> times;
    for (const auto& r : records)
        if (r.timeMs > 0) times[r.type].push_back(r.timeMs);
    std::map<std::string, std::int64_t> out;
    for (auto& [type, v] : times)
        out[type] = v.size() >= kMinAnswersForMedian ? median(v) / 2 : kDefaultFastMs;
    return out;
}

std::string keyFingerprint(const Question& q) {
    std::string s;
    auto add = [&s](std::string_view part) {
        s += part;
        s += '\x1f';
    };
    auto choices = [&](const std::vector<Choice>& list) {
        add(std::to_string(list.size()));
        for (const auto& c : list) add(c.id), add(c.text);
    };
    add(nameOf(q.type));
    add(q.stem);
    add(q.assertion);
    add(q.reason);
    choices(q.options);
    choices(q.premises);
    choices(q.items);
    add("key");
    for (const auto& k : q.keyIds) add(k);
    add(q.keyTrue ? "true" : "false");
    for (const auto& [p, o] : q.keyPairs) add(p), add(o);
    return sha256Hex(s);
}

std::unordered_map<std::string, std::string> currentFingerprints(const BankSet& banks) {
    std::unordered_map<std::string, std::string> out;
    for (const auto& b : banks.banks())
        for (const auto& q : b.questions) out[q.id] = keyFingerprint(q);
    return out;
}

std::vector<CardState> replayCards(const std::vector<ReviewRecord>& records, const ReplayOptions& options,
                                   const std::unordered_map<std::string, std::string>& fingerprintOf,
                                   const std::unordered_map<std::string, std::string>& currentFingerprint) {
    const Fsrs fsrs(options.fsrs);
    const auto fast = fastThresholds(records);
    std::vector<const ReviewRecord*> sorted;
    for (const auto& r : records) sorted.push_back(&r);
    std::stable_sort(sorted.begin(), sorted.end(), [](const ReviewRecord* a, const ReviewRecord* b) {
        return a->answeredAt < b->answeredAt;
    });
    std::map<std::string, std::vector<const ReviewRecord*>> byQuestion;
    for (const auto* r : sorted) byQuestion[r->questionId].push_back(r);

    std::vector<CardState> out;
    for (const auto& [id, list] : byQuestion) {
        std::size_t start = 0;
        if (const auto cur = currentFingerprint.find(id); cur != currentFingerprint.end()) {
            for (std::size_t i = list.size(); i-- > 0;) {
                const auto fp = fingerprintOf.find(list[i]->snapshotHash);
                if (fp != fingerprintOf.end() && !fp->second.empty() && fp->second != cur->second) {
                    start = i + 1;
                    break;
                }
            }
        }
        if (start >= list.size()) continue; // restarted and not answered since: a new question again
        CardState c;
        c.questionId = id;
        std::optional<MemoryState> memory;
        for (std::size_t i = start; i < list.size(); ++i) {
            const ReviewRecord& r = *list[i];
            const auto f = fast.find(r.type);
            const Rating rating = ratingFor(r.correct, r.flagged, r.confidence, r.timeMs,
                                            f == fast.end() ? kDefaultFastMs : f->second);
            const double elapsed =
                memory ? static_cast<double>(wholeDays(c.lastReviewAt, r.answeredAt)) : 0.0;
            memory = fsrs.next(memory, elapsed, rating);
            ++c.reviews;
            c.lastRating = rating;
            c.lastReviewAt = r.answeredAt;
            c.topic = r.topic;
            c.level = r.level;
            c.intervalDays = fsrs.fuzzedInterval(fsrs.interval(memory->stability),
                                                 fuzzSeed(options.learnerId, id, c.reviews));
            c.dueAt = r.answeredAt + c.intervalDays * kDay;
        }
        c.memory = *memory;
        c.retrievability = fsrs.retrievability(
            c.memory, static_cast<double>(std::max<std::int64_t>(0, wholeDays(c.lastReviewAt, options.now))));
        c.due = c.dueAt <= options.now;
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<CardState> dueCards(const std::vector<CardState>& cards, std::int64_t now,
                                const std::string& level) {
    std::vector<CardState> out;
    for (const auto& c : cards)
        if (c.dueAt <= now && (level.empty() || c.level == level)) out.push_back(c);
    std::sort(out.begin(), out.end(), [](const CardState& a, const CardState& b) {
        if (a.retrievability != b.retrievability) return a.retrievability < b.retrievability;
        if (a.dueAt != b.dueAt) return a.dueAt < b.dueAt;
        return a.questionId < b.questionId;
    });
    return out;
}

DueForecast dueForecast(const std::vector<CardState>& cards, std::int64_t now, int days,
                        const std::string& level) {
    DueForecast f;
    f.byDay.assign(static_cast<std::size_t>(std::max(days, 0)), 0);
    for (const auto& c : cards) {
        if (!level.empty() && c.level != level) continue;
        ++f.total;
        if (c.dueAt <= now) {
            ++f.dueNow;
            continue;
        }
        const std::int64_t k = (c.dueAt - now - 1) / kDay; // (now + k days, now + (k+1) days]
        if (k < days) ++f.byDay[static_cast<std::size_t>(k)];
    }
    return f;
}

std::variant<DueSession, AssemblyError>
assembleDueSession(const BankSet& banks, const std::vector<CardState>& cards,
                   const std::unordered_map<std::string, double>& topicShare, const DueSessionSpec& spec) {
    const std::size_t count = static_cast<std::size_t>(std::max(spec.count, 1));
    auto usable = [&](const Question* q) {
        return q && q->status == Status::Ready && q->level == spec.level;
    };
    std::vector<const Question*> chosen;
    std::set<std::string> known;
    for (const auto& c : cards) known.insert(c.questionId);
    for (const auto& c : dueCards(cards, spec.now)) {
        if (chosen.size() >= count) break;
        const Question* q = banks.question(c.questionId);
        if (usable(q)) chosen.push_back(q);
    }
    const std::size_t dueCount = chosen.size();
    bool anyAtLevel = false;
    std::vector<const Question*> fresh;
    for (const auto& b : banks.banks())
        for (const auto& q : b.questions) {
            if (!usable(&q)) continue;
            anyAtLevel = true;
            if (!known.count(q.id)) fresh.push_back(&q);
        }
    if (!anyAtLevel)
        return AssemblyError{fmt::format("there are no ready {} questions in the banks", nameOf(spec.level))};
    Rng rng(spec.seed);
    rng.shuffle(fresh); // equal weakness: a random order, the same for the same seed
    auto share = [&](const Question* q) {
        const auto it = topicShare.find(q->topic);
        return it == topicShare.end() ? 0.5 : it->second;
    };
    std::stable_sort(fresh.begin(), fresh.end(),
                     [&](const Question* a, const Question* b) { return share(a) < share(b); });
    for (const Question* q : fresh) {
        if (chosen.size() >= count) break;
        chosen.push_back(q);
    }
    if (chosen.empty())
        return AssemblyError{fmt::format(
            "nothing to study at the {} level now: no question is due and every {} question has been "
            "answered (run examsim-cli due to see when the next ones fall due)",
            nameOf(spec.level), nameOf(spec.level))};
    DueSession s;
    s.dueCount = static_cast<int>(dueCount);
    s.paper.profileId = "due";
    s.paper.seed = spec.seed;
    for (const Question* q : chosen) s.paper.items.push_back(paperItemFor(banks, *q, rng.next()));
    return s;
}

std::string_view confidenceName(int confidence) {
    return confidence == 1 ? "sure" : confidence == 0 ? "unsure" : "not given";
}

std::vector<CalibrationRow> calibrationOf(const std::vector<ReviewRecord>& records) {
    std::vector<CalibrationRow> rows{{1, 0, 0}, {0, 0, 0}, {-1, 0, 0}};
    for (const auto& r : records) {
        CalibrationRow& row = rows[r.confidence == 1 ? 0 : r.confidence == 0 ? 1 : 2];
        ++row.answers;
        if (r.correct) ++row.correct;
    }
    return rows;
}

} // namespace examsim::core
