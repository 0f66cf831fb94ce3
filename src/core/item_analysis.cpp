#include "core/item_analysis.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <future>
#include <map>
#include <sstream>
#include <unordered_map>

namespace examsim::core {

namespace {

// One attempt's part in one question's figures.
struct Pair {
    double mark = 0;
    double rest = 0; // the attempt's total minus this mark
    const ItemMark* item = nullptr;
};

struct Accumulated {
    QuestionStats stats;
    std::vector<Pair> pairs;
    double markVariance = 0; // sample variance of the raw mark, for the paper's CIC
    std::vector<double>
        rests; // the rest scores, ascending (computeQuestion sorts them, countOptions reads them)
};

// Sorts v ascending. A question's marks mostly take two or three values (0, the maximum, a partial
// mark): those are counted and written out in order instead of sorted, which item analysis over a
// million marks notices; more than a few values are sorted.
void sortFewValues(std::vector<double>& v) {
    constexpr std::size_t kFew = 8;
    std::array<double, kFew> values{}; // the distinct values seen, kept ascending
    std::array<std::size_t, kFew> counts{};
    std::size_t distinct = 0;
    for (double x : v) {
        std::size_t k = 0;
        while (k < distinct && values[k] < x) ++k;
        if (k < distinct && values[k] == x) {
            ++counts[k];
            continue;
        }
        if (distinct == kFew || std::isnan(x)) {
            std::sort(v.begin(), v.end());
            return;
        }
        for (std::size_t j = distinct++; j > k; --j) values[j] = values[j - 1], counts[j] = counts[j - 1];
        values[k] = x;
        counts[k] = 1;
    }
    auto out = v.begin();
    for (std::size_t k = 0; k < distinct; ++k) out = std::fill_n(out, counts[k], values[k]);
}

void computeQuestion(Accumulated& acc) {
    QuestionStats& q = acc.stats;
    const auto& pairs = acc.pairs;
    const auto s = static_cast<double>(pairs.size());
    q.attempts = static_cast<int>(pairs.size());
    if (pairs.empty()) return;
    double markSum = 0, restSum = 0;
    for (const auto& p : pairs) markSum += p.mark, restSum += p.rest;
    const double markAvg = markSum / s, restAvg = restSum / s;
    q.meanMark = markAvg;
    q.facility = q.maxMark > 0 ? markAvg / q.maxMark : 0;
    acc.rests.reserve(pairs.size());
    for (const auto& p : pairs) acc.rests.push_back(p.rest);
    std::sort(acc.rests.begin(), acc.rests.end());
    if (pairs.size() < 2) return;
    // Moodle pairs the sorted marks with the sorted rest scores for the largest covariance the
    // question could have with these marks: the denominator of discriminative efficiency.
    std::vector<double> marks;
    auto& rests = acc.rests;
    marks.reserve(pairs.size());
    for (const auto& p : pairs) marks.push_back(p.mark);
    sortFewValues(marks);
    double markVarSum = 0, restVarSum = 0, covSum = 0, covMaxSum = 0;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const double dm = pairs[i].mark - markAvg, dr = pairs[i].rest - restAvg;
        markVarSum += dm * dm;
        restVarSum += dr * dr;
        covSum += dm * dr;
        covMaxSum += (marks[i] - markAvg) * (rests[i] - restAvg);
    }
    const double markVar = markVarSum / (s - 1), restVar = restVarSum / (s - 1), cov = covSum / (s - 1),
                 covMax = covMaxSum / (s - 1);
    acc.markVariance = markVar;
    q.sd = q.maxMark > 0 ? std::sqrt(markVar) / q.maxMark : 0;
    if (markVar * restVar != 0) q.discrimination = 100 * cov / std::sqrt(markVar * restVar);
    if (covMax != 0) q.efficiency = 100 * cov / covMax;
}

void countOptions(Accumulated& acc, const ItemInfo* info) {
    QuestionStats& q = acc.stats;
    if (acc.pairs.empty()) return;
    // Strong candidates: the top third by rest score, everyone tied with the last of them included so
    // that the order of the data does not matter.
    const auto& rests = acc.rests; // ascending
    const std::size_t top = (rests.size() + 2) / 3;
    const double threshold = rests[rests.size() - top];
    q.strongCandidates =
        static_cast<int>(rests.end() - std::lower_bound(rests.begin(), rests.end(), threshold));
    if (!info) return;
    for (const auto& o : info->options) q.options.push_back(OptionStats{o.id, o.text, o.key});
    // One pass over the attempts: each chosen id counts for its option (an id chosen twice, once).
    std::vector<int> seen(q.options.size(), -1);
    for (std::size_t i = 0; i < acc.pairs.size(); ++i) {
        const Pair& p = acc.pairs[i];
        for (const auto& id : p.item->chosen)
            for (std::size_t k = 0; k < q.options.size(); ++k) {
                if (q.options[k].id != id || seen[k] == static_cast<int>(i)) continue;
                seen[k] = static_cast<int>(i);
                ++q.options[k].chosen;
                if (p.rest >= threshold) ++q.options[k].chosenByStrong;
            }
    }
    for (auto& os : q.options)
        os.share = static_cast<double>(os.chosen) / static_cast<double>(acc.pairs.size());
}

void flagQuestion(QuestionStats& q) {
    if (q.attempts == 0) return;
    if (q.facility < kFacilityLow)
        q.flags.push_back(fmt::format(
            "facility {:.2f} is below {:g}: very few get it right (check the key and the wording)",
            q.facility, kFacilityLow));
    if (q.facility > kFacilityHigh)
        q.flags.push_back(fmt::format("facility {:.2f} is above {:g}: almost everyone gets it right",
                                      q.facility, kFacilityHigh));
    if (q.discrimination && *q.discrimination < 0)
        q.flags.push_back(fmt::format(
            "negative discrimination ({:.1f} %): stronger candidates do worse on it (check the key)",
            *q.discrimination));
    if (q.efficiency && *q.efficiency < kEfficiencyLowPercent)
        q.flags.push_back(fmt::format("discriminative efficiency {:.1f} % is below {:g} %", *q.efficiency,
                                      kEfficiencyLowPercent));
    int keyStrong = -1; // the least chosen key among strong candidates
    for (const auto& o : q.options)
        if (o.key && (keyStrong < 0 || o.chosenByStrong < keyStrong)) keyStrong = o.chosenByStrong;
    for (const auto& o : q.options) {
        if (o.key) continue;
        if (o.chosen == 0) q.flags.push_back(fmt::format("distractor \"{}\" is never chosen", o.id));
        if (keyStrong >= 0 && o.chosenByStrong > keyStrong)
            q.flags.push_back(fmt::format("among the {} strongest candidates, distractor \"{}\" is chosen "
                                          "more often ({}) than the key ({})",
                                          q.strongCandidates, o.id, o.chosenByStrong, keyStrong));
    }
}

void computePaper(PaperStats& p, const MarksData& data, double sumOfMarkVariance) {
    const auto& attempts = data.attempts;
    p.attempts = static_cast<int>(attempts.size());
    if (attempts.empty()) return;
    std::vector<double> totals, percents;
    std::vector<std::string> firstSet;
    p.sameQuestions = true;
    for (std::size_t a = 0; a < attempts.size(); ++a) {
        double total = 0, max = 0;
        for (const auto& it : attempts[a].items) total += it.mark, max += it.maxMark;
        if (a == 0 || p.sameQuestions) { // once two attempts differ, the sets need no comparing
            std::vector<std::string> ids;
            ids.reserve(attempts[a].items.size());
            for (const auto& it : attempts[a].items) ids.push_back(it.questionId);
            std::sort(ids.begin(), ids.end());
            if (a == 0)
                firstSet = std::move(ids), p.maxMark = max;
            else if (ids != firstSet)
                p.sameQuestions = false;
        }
        totals.push_back(total);
        percents.push_back(max > 0 ? 100 * total / max : 0);
    }
    const auto n = static_cast<double>(attempts.size());
    auto mean = [&](const std::vector<double>& v) {
        double s = 0;
        for (double x : v) s += x;
        return s / n;
    };
    p.meanPercent = mean(percents);
    if (attempts.size() > 1) {
        double ss = 0;
        for (double x : percents) ss += (x - p.meanPercent) * (x - p.meanPercent);
        p.sdPercent = std::sqrt(ss / (n - 1));
    }
    if (!p.sameQuestions) {
        p.maxMark = 0;
        return;
    }
    p.mean = mean(totals);
    if (attempts.size() < 2) return;
    double p2 = 0, p3 = 0, p4 = 0;
    for (double x : totals) {
        const double d = x - *p.mean;
        p2 += d * d, p3 += d * d * d, p4 += d * d * d * d;
    }
    p.sd = std::sqrt(p2 / (n - 1));
    if (attempts.size() < 3) return;
    // Moodle's sample skewness and kurtosis (k-statistics) and, from k2, the CIC.
    const double m2 = p2 / n, m3 = p3 / n, m4 = p4 / n;
    const double k2 = n * m2 / (n - 1);
    const double k3 = n * n * m3 / ((n - 1) * (n - 2));
    if (k2 == 0) return;
    p.skewness = k3 / std::pow(k2, 1.5);
    if (attempts.size() > 3) {
        const double k4 = n * n * ((n + 1) * m4 - 3 * (n - 1) * m2 * m2) / ((n - 1) * (n - 2) * (n - 3));
        p.kurtosis = k4 / (k2 * k2);
    }
    const auto q = static_cast<double>(p.questions);
    if (p.questions > 1) {
        p.cic = 100 * q / (q - 1) * (1 - sumOfMarkVariance / k2);
        p.errorRatio = 100 * std::sqrt(1 - *p.cic / 100);
        p.standardError = *p.errorRatio * *p.sd / 100;
    }
}

} // namespace

ItemAnalysis analyseItems(const MarksData& data) {
    std::vector<Accumulated> acc;
    std::unordered_map<std::string, std::size_t> index;
    for (const auto& a : data.attempts) {
        double total = 0;
        for (const auto& it : a.items) total += it.mark;
        for (const auto& it : a.items) {
            auto [pos, fresh] = index.try_emplace(it.questionId, acc.size());
            if (fresh) {
                acc.emplace_back();
                acc.back().stats.questionId = it.questionId;
                acc.back().stats.maxMark = it.maxMark;
            }
            acc[pos->second].pairs.push_back({it.mark, total - it.mark, &it});
        }
    }
    std::unordered_map<std::string, const ItemInfo*> infos;
    for (const auto& i : data.items) infos.emplace(i.questionId, &i);
    // Each question's figures depend on its own pairs only: with many marks, a second thread takes the
    // second half of the questions.
    auto compute = [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            computeQuestion(acc[i]);
            const auto info = infos.find(acc[i].stats.questionId);
            countOptions(acc[i], info == infos.end() ? nullptr : info->second);
            flagQuestion(acc[i].stats);
        }
    };
    std::size_t marks = 0;
    for (const auto& a : data.attempts) marks += a.items.size();
    const std::size_t half = marks >= 100'000 ? acc.size() / 2 : acc.size();
    auto secondHalf =
        std::async(half < acc.size() ? std::launch::async : std::launch::deferred, compute, half, acc.size());
    compute(0, half);
    secondHalf.get();
    ItemAnalysis out;
    double sumOfMarkVariance = 0;
    for (auto& a : acc) {
        sumOfMarkVariance += a.markVariance;
        out.questions.push_back(std::move(a.stats));
    }
    out.paper.questions = static_cast<int>(out.questions.size());
    computePaper(out.paper, data, sumOfMarkVariance);
    return out;
}

namespace {

// Splits one CSV line: commas, cells optionally in double quotes ("" inside quotes is a quote).
std::vector<std::string> csvCells(std::string_view line) {
    std::vector<std::string> cells;
    std::string cur;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
                cur += '"', ++i;
            else if (c == '"')
                quoted = false;
            else
                cur += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    cells.push_back(cur);
    for (auto& cell : cells) {
        const auto b = cell.find_first_not_of(" \t");
        cell = b == std::string::npos ? "" : cell.substr(b, cell.find_last_not_of(" \t") - b + 1);
    }
    return cells;
}

std::optional<double> parseNumber(const std::string& s) {
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

} // namespace

std::variant<MarksData, MarksCsvError> parseMarksCsv(std::string_view text) {
    constexpr std::size_t kMaxMessages = 20;
    MarksCsvError err;
    auto fail = [&](std::string message) {
        if (err.messages.size() < kMaxMessages) err.messages.push_back(std::move(message));
    };
    std::vector<std::string> header;
    MarksData data;
    std::map<std::string, int> seenAttempts; // id -> line
    std::size_t lineNo = 0, start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (lineNo == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3); // a spreadsheet's BOM
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
        auto cells = csvCells(line);
        if (header.empty()) {
            if (cells[0] != "attempt") {
                fail(fmt::format(
                    "line {}: the header must be \"attempt\" followed by the question ids, not \"{}\"",
                    lineNo, std::string(line)));
                return err;
            }
            if (cells.size() < 2) {
                fail(fmt::format(
                    "line {}: the header names no questions: write \"attempt,<question id>,...\"", lineNo));
                return err;
            }
            for (std::size_t c = 1; c < cells.size(); ++c) {
                if (cells[c].empty())
                    fail(fmt::format("line {}, column {}: the question id is empty", lineNo, c + 1));
                for (std::size_t k = 1; k < c; ++k)
                    if (!cells[c].empty() && cells[k] == cells[c])
                        fail(fmt::format("line {}, column {}: question \"{}\" appears twice (also column {})",
                                         lineNo, c + 1, cells[c], k + 1));
            }
            header = std::move(cells);
            if (!err.messages.empty()) return err;
            continue;
        }
        if (cells.size() != header.size()) {
            fail(fmt::format("line {}: {} cells where the header has {}", lineNo, cells.size(),
                             header.size()));
            continue;
        }
        const std::string& id = cells[0];
        if (id.empty()) {
            fail(fmt::format("line {}: the attempt id is empty", lineNo));
            continue;
        }
        if (auto [it, fresh] = seenAttempts.emplace(id, static_cast<int>(lineNo)); !fresh) {
            fail(fmt::format("line {}: attempt \"{}\" appears twice (first on line {})", lineNo, id,
                             it->second));
            continue;
        }
        AttemptMarks a{id, {}};
        for (std::size_t c = 1; c < cells.size(); ++c) {
            if (cells[c].empty()) continue; // not presented
            const auto v = parseNumber(cells[c]);
            if (!v) {
                fail(fmt::format("line {}, column {} ({}): \"{}\" is not a number", lineNo, c + 1, header[c],
                                 cells[c]));
                continue;
            }
            if (*v < 0 || *v > 1) {
                fail(fmt::format("line {}, column {} ({}): {} is out of range: a mark is a fraction of the "
                                 "question's maximum, 0 to 1",
                                 lineNo, c + 1, header[c], cells[c]));
                continue;
            }
            a.items.push_back({header[c], *v, 1.0, {}});
        }
        data.attempts.push_back(std::move(a));
    }
    if (header.empty())
        fail("the file is empty: the first line must be the header \"attempt,<question id>,...\"");
    else if (data.attempts.empty() && err.messages.empty())
        fail("the file has a header but no attempts");
    if (!err.messages.empty()) return err;
    return data;
}

std::variant<MarksData, MarksCsvError> readMarksCsv(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return MarksCsvError{{fmt::format("cannot read {}", path.string())}};
    std::ostringstream ss;
    ss << in.rdbuf();
    auto r = parseMarksCsv(ss.str());
    if (auto* e = std::get_if<MarksCsvError>(&r))
        for (auto& m : e->messages) m = path.string() + ": " + m;
    return r;
}

std::size_t applyQuestionMarks(MarksData& data,
                               const std::function<std::optional<double>(const std::string&)>& marksOf) {
    std::unordered_map<std::string, std::optional<double>> known;
    for (auto& a : data.attempts)
        for (auto& it : a.items) {
            auto [pos, fresh] = known.try_emplace(it.questionId);
            if (fresh) pos->second = marksOf(it.questionId);
            if (!pos->second || *pos->second <= 0) continue;
            it.mark = it.mark / it.maxMark * *pos->second;
            it.maxMark = *pos->second;
        }
    std::size_t weighed = 0;
    for (const auto& [id, marks] : known)
        if (marks && *marks > 0) ++weighed;
    return weighed;
}

std::optional<ItemSortKey> itemSortKeyFromString(std::string_view s) {
    static const std::pair<std::string_view, ItemSortKey> kNames[] = {
        {"paper", ItemSortKey::Paper},
        {"question", ItemSortKey::Question},
        {"facility", ItemSortKey::Facility},
        {"sd", ItemSortKey::Sd},
        {"discrimination", ItemSortKey::Discrimination},
        {"efficiency", ItemSortKey::Efficiency},
        {"attempts", ItemSortKey::Attempts},
    };
    for (const auto& [name, key] : kNames)
        if (name == s) return key;
    return std::nullopt;
}

void sortQuestionStats(std::vector<QuestionStats>& stats, ItemSortKey key) {
    auto value = [key](const QuestionStats& q) -> std::optional<double> {
        switch (key) {
        case ItemSortKey::Facility:
            return q.facility;
        case ItemSortKey::Sd:
            return q.sd;
        case ItemSortKey::Discrimination:
            return q.discrimination;
        case ItemSortKey::Efficiency:
            return q.efficiency;
        case ItemSortKey::Attempts:
            return q.attempts;
        default:
            return std::nullopt;
        }
    };
    if (key == ItemSortKey::Paper) return;
    if (key == ItemSortKey::Question) {
        std::stable_sort(stats.begin(), stats.end(),
                         [](const auto& a, const auto& b) { return a.questionId < b.questionId; });
        return;
    }
    std::stable_sort(stats.begin(), stats.end(), [&](const QuestionStats& a, const QuestionStats& b) {
        const auto va = value(a), vb = value(b);
        if (va && vb) return *va < *vb;
        return va.has_value() && !vb.has_value();
    });
}

} // namespace examsim::core
