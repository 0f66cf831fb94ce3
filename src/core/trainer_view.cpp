#include "core/trainer_view.hpp"

#include <algorithm>
#include <cctype>

namespace examsim::core {

namespace {

std::optional<double> figure(const ItemRow& r, ItemColumn c) {
    const auto& s = *r.stats;
    switch (c) {
    case ItemColumn::Attempts:
        return s.attempts;
    case ItemColumn::Facility:
        return s.facility;
    case ItemColumn::Sd:
        return s.sd;
    case ItemColumn::Discrimination:
        return s.discrimination;
    case ItemColumn::Efficiency:
        return s.efficiency;
    case ItemColumn::Flags:
        return static_cast<double>(s.flags.size());
    default:
        return std::nullopt;
    }
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool contains(const std::string& haystack, const std::string& lowerNeedle) {
    return lower(haystack).find(lowerNeedle) != std::string::npos;
}

} // namespace

void sortItemRows(std::vector<ItemRow>& rows, ItemColumn column, bool descending) {
    if (column == ItemColumn::Question || column == ItemColumn::Topic) {
        std::stable_sort(rows.begin(), rows.end(), [&](const ItemRow& a, const ItemRow& b) {
            const auto& x = column == ItemColumn::Question ? a.stats->questionId : a.topic;
            const auto& y = column == ItemColumn::Question ? b.stats->questionId : b.topic;
            return descending ? y < x : x < y;
        });
        return;
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const ItemRow& a, const ItemRow& b) {
        const auto x = figure(a, column), y = figure(b, column);
        if (x && y) return descending ? *y < *x : *x < *y;
        return x.has_value() && !y.has_value(); // missing figures last either way
    });
}

bool matches(const Question& q, const QuestionFilter& f) {
    if (f.level && q.level != *f.level) return false;
    if (f.type && q.type != *f.type) return false;
    if (f.withFindingsOnly && !f.withFindings.count(q.id)) return false;
    if (f.text.empty()) return true;
    const std::string needle = lower(f.text);
    if (contains(q.id, needle) || contains(q.stem, needle) || contains(q.explanation, needle) || contains(q.assertion, needle) ||
        contains(q.reason, needle))
        return true;
    for (const auto* list : {&q.options, &q.premises, &q.items})
        for (const auto& c : *list)
            if (contains(c.text, needle)) return true;
    return false;
}

std::string nextQuestionId(const Bank& bank, const std::string& like) {
    auto taken = [&](const std::string& id) {
        return std::any_of(bank.questions.begin(), bank.questions.end(), [&](const Question& q) { return q.id == id; });
    };
    std::size_t digits = 0;
    while (digits < like.size() && std::isdigit(static_cast<unsigned char>(like[like.size() - 1 - digits]))) ++digits;
    if (digits == 0 || digits > 9) {
        if (!taken(like)) return like;
        for (int n = 2;; ++n)
            if (!taken(like + "-" + std::to_string(n))) return like + "-" + std::to_string(n);
    }
    const std::string prefix = like.substr(0, like.size() - digits);
    long highest = 0;
    for (const auto& q : bank.questions) {
        if (q.id.size() <= prefix.size() || q.id.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string rest = q.id.substr(prefix.size());
        if (rest.size() <= 9 && std::all_of(rest.begin(), rest.end(), [](unsigned char c) { return std::isdigit(c); }))
            highest = std::max(highest, std::stol(rest));
    }
    std::string number = std::to_string(highest + 1);
    if (number.size() < digits) number.insert(0, digits - number.size(), '0');
    return prefix + number;
}

} // namespace examsim::core
