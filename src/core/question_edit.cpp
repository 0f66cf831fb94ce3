#include "core/question_edit.hpp"

#include "core/json_checker.hpp"

#include <algorithm>
#include <cctype>

namespace examsim::core {

namespace {

bool has(const std::vector<Choice>& list, const std::string& id) {
    return std::any_of(list.begin(), list.end(), [&](const Choice& c) { return c.id == id; });
}

void erase(std::vector<std::string>& ids, const std::string& id) {
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
}

void eraseMatches(Question& q, bool byPremise, const std::string& id) {
    q.keyPairs.erase(std::remove_if(q.keyPairs.begin(), q.keyPairs.end(),
                                    [&](const auto& kv) { return (byPremise ? kv.first : kv.second) == id; }),
                     q.keyPairs.end());
}

// Every question of `bank`, then of the banks in `others` with another id.
template <typename F> void forEachQuestion(const Bank& bank, const std::vector<Bank>& others, F f) {
    for (const auto& q : bank.questions) f(q);
    for (const auto& b : others)
        if (b.info.id != bank.info.id)
            for (const auto& q : b.questions) f(q);
}

} // namespace

std::vector<Choice>& choices(Question& q, ChoiceList list) {
    return list == ChoiceList::Premises ? q.premises : list == ChoiceList::Items ? q.items : q.options;
}

const std::vector<Choice>& choices(const Question& q, ChoiceList list) {
    return list == ChoiceList::Premises ? q.premises : list == ChoiceList::Items ? q.items : q.options;
}

std::string freshChoiceId(const Question& q, ChoiceList list) {
    const auto& entries = choices(q, list);
    if (list == ChoiceList::Premises) {
        for (int n = 1;; ++n)
            if (!has(entries, std::to_string(n))) return std::to_string(n);
    }
    for (int round = 1;; ++round)
        for (char c = 'a'; c <= 'z'; ++c) {
            const std::string id = std::string(1, c) + (round == 1 ? "" : std::to_string(round));
            if (!has(entries, id)) return id;
        }
}

bool addChoice(Question& q, ChoiceList list) {
    auto& entries = choices(q, list);
    if (entries.size() >= kMaxChoices) return false;
    const std::string id = freshChoiceId(q, list);
    entries.push_back({id, "", ""});
    if (list == ChoiceList::Items) q.keyIds.push_back(id);
    return true;
}

void removeChoice(Question& q, ChoiceList list, std::size_t index) {
    auto& entries = choices(q, list);
    if (index >= entries.size()) return;
    const std::string id = entries[index].id;
    entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(index));
    switch (list) {
    case ChoiceList::Options:
        if (q.type == QuestionType::Matching)
            eraseMatches(q, false, id);
        else
            erase(q.keyIds, id);
        break;
    case ChoiceList::Premises:
        eraseMatches(q, true, id);
        break;
    case ChoiceList::Items:
        erase(q.keyIds, id);
        break;
    }
}

bool moveChoice(Question& q, ChoiceList list, std::size_t index, int delta) {
    auto& entries = choices(q, list);
    const auto to = static_cast<std::ptrdiff_t>(index) + delta;
    if (index >= entries.size() || to < 0 || to >= static_cast<std::ptrdiff_t>(entries.size())) return false;
    std::swap(entries[index], entries[static_cast<std::size_t>(to)]);
    if (list == ChoiceList::Premises) { // matches are kept in premise order
        const auto pairs = q.keyPairs;
        q.keyPairs.clear();
        for (const auto& p : q.premises)
            for (const auto& kv : pairs)
                if (kv.first == p.id) q.keyPairs.push_back(kv);
    }
    return true;
}

bool renameChoice(Question& q, ChoiceList list, std::size_t index, const std::string& id) {
    auto& entries = choices(q, list);
    if (index >= entries.size() || !JsonChecker::isId(id)) return false;
    const std::string old = entries[index].id;
    if (id == old) return true;
    if (has(entries, id)) return false;
    entries[index].id = id;
    for (auto& kv : q.keyPairs) {
        if (list == ChoiceList::Premises && kv.first == old) kv.first = id;
        if (list == ChoiceList::Options && kv.second == old) kv.second = id;
    }
    if (list != ChoiceList::Premises && q.type != QuestionType::Matching)
        std::replace(q.keyIds.begin(), q.keyIds.end(), old, id);
    return true;
}

std::string matchOf(const Question& q, const std::string& premiseId) {
    for (const auto& [p, o] : q.keyPairs)
        if (p == premiseId) return o;
    return "";
}

void matchPremise(Question& q, const std::string& premiseId, const std::string& optionId) {
    eraseMatches(q, true, premiseId);
    std::vector<std::pair<std::string, std::string>> ordered;
    for (const auto& p : q.premises) {
        if (p.id == premiseId && !optionId.empty())
            ordered.emplace_back(p.id, optionId);
        else if (const std::string o = matchOf(q, p.id); !o.empty())
            ordered.emplace_back(p.id, o);
    }
    q.keyPairs = std::move(ordered);
}

bool moveInKey(Question& q, std::size_t position, int delta) {
    const auto to = static_cast<std::ptrdiff_t>(position) + delta;
    if (position >= q.keyIds.size() || to < 0 || to >= static_cast<std::ptrdiff_t>(q.keyIds.size()))
        return false;
    std::swap(q.keyIds[position], q.keyIds[static_cast<std::size_t>(to)]);
    return true;
}

std::size_t placeInKey(const Question& q, const std::string& itemId) {
    const auto it = std::find(q.keyIds.begin(), q.keyIds.end(), itemId);
    return it == q.keyIds.end() ? std::string::npos : static_cast<std::size_t>(it - q.keyIds.begin());
}

void setPlaceInKey(Question& q, const std::string& itemId, std::size_t position) {
    erase(q.keyIds, itemId);
    q.keyIds.insert(q.keyIds.begin() + static_cast<std::ptrdiff_t>(std::min(position, q.keyIds.size())),
                    itemId);
}

std::vector<std::string> usersOfCaseStudy(const Bank& bank, const std::vector<Bank>& others,
                                          const std::string& id) {
    std::vector<std::string> out;
    forEachQuestion(bank, others, [&](const Question& q) {
        if (q.caseStudy == id) out.push_back(q.id);
    });
    return out;
}

std::vector<std::string> usersOfTopic(const Bank& bank, const std::vector<Bank>& others,
                                      const std::string& id) {
    std::vector<std::string> out;
    forEachQuestion(bank, others, [&](const Question& q) {
        if (q.topic == id ||
            std::find(q.secondaryTopics.begin(), q.secondaryTopics.end(), id) != q.secondaryTopics.end())
            out.push_back(q.id);
    });
    auto children = [&](const Bank& b) {
        for (const auto& t : b.topics)
            if (t.parent == id) out.push_back(t.id);
    };
    children(bank);
    for (const auto& b : others)
        if (b.info.id != bank.info.id) children(b);
    return out;
}

RenamedUses caseStudyRenamed(const Bank& bank, const std::string& oldId, const std::string& newId) {
    RenamedUses out;
    for (std::size_t i = 0; i < bank.questions.size(); ++i)
        if (bank.questions[i].caseStudy == oldId) {
            out.questions.emplace_back(i, bank.questions[i]);
            out.questions.back().second.caseStudy = newId;
        }
    return out;
}

RenamedUses topicRenamed(const Bank& bank, const std::string& oldId, const std::string& newId) {
    RenamedUses out;
    for (std::size_t i = 0; i < bank.questions.size(); ++i) {
        Question q = bank.questions[i];
        bool named = q.topic == oldId;
        if (named) q.topic = newId;
        for (auto& t : q.secondaryTopics)
            if (t == oldId) t = newId, named = true;
        if (named) out.questions.emplace_back(i, std::move(q));
    }
    for (std::size_t i = 0; i < bank.topics.size(); ++i)
        if (bank.topics[i].parent == oldId) {
            out.topics.emplace_back(i, bank.topics[i]);
            out.topics.back().second.parent = newId;
        }
    return out;
}

std::string freshEntryId(const std::vector<std::string>& taken, const std::string& like) {
    auto free = [&](const std::string& id) {
        return std::find(taken.begin(), taken.end(), id) == taken.end();
    };
    if (free(like)) return like;
    std::string base = like;
    const auto dash = base.find_last_of('-');
    if (dash != std::string::npos && dash + 1 < base.size() &&
        std::all_of(base.begin() + static_cast<std::ptrdiff_t>(dash) + 1, base.end(),
                    [](unsigned char c) { return std::isdigit(c); }))
        base.erase(dash);
    for (int n = 2;; ++n)
        if (free(base + "-" + std::to_string(n))) return base + "-" + std::to_string(n);
}

} // namespace examsim::core
