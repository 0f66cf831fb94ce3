#include "core/paper.hpp"

#include "core/rng.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <tuple>

namespace examsim::core {

double Paper::totalMarks() const {
    double total = 0;
    for (const auto& i : items) total += i.question.marks;
    return total;
}

bool topicUnder(const BankSet& banks, const std::string& topic, const std::string& ancestor) {
    std::string cur = topic;
    for (std::size_t guard = 0; !cur.empty() && guard < 64; ++guard) {
        if (cur == ancestor) return true;
        const Topic* t = banks.topic(cur);
        cur = t ? t->parent : "";
    }
    return false;
}

namespace {

using Priority = std::tuple<int, std::int64_t>;

Priority priorityOf(const AssemblyOptions& o, const std::string& questionId) {
    if (!o.history || o.preference == HistoryPreference::Random) return {0, 0};
    const auto h = o.history->history(questionId);
    if (!h) return {0, 0};
    return {h->lastCorrect ? 2 : 1, h->lastAnsweredAt};
}

bool contains(const std::vector<Level>& v, Level l) { return std::find(v.begin(), v.end(), l) != v.end(); }
bool contains(const std::vector<QuestionType>& v, QuestionType t) { return std::find(v.begin(), v.end(), t) != v.end(); }

bool matchesAny(const BankSet& banks, const std::string& topic, const std::vector<std::string>& topics) {
    return std::any_of(topics.begin(), topics.end(), [&](const std::string& t) { return topicUnder(banks, topic, t); });
}

// Shuffles, then orders by priority (stable: equal priorities keep the random order).
template <typename T, typename Key>
void rank(std::vector<T>& v, Rng& rng, Key key) {
    rng.shuffle(v);
    std::stable_sort(v.begin(), v.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
}

PaperItem makeItem(const BankSet& banks, const Question& q, Rng& rng) {
    PaperItem item;
    item.question = q;
    item.group = banks.topGroup(q.topic);
    item.part = banks.partOf(q.topic);
    if (!q.caseStudy.empty())
        if (const CaseStudy* cs = banks.caseStudy(q.caseStudy)) item.caseStudyTitle = cs->title, item.caseStudyText = cs->text;
    auto identity = [](std::size_t n) {
        std::vector<int> v(n);
        for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<int>(i);
        return v;
    };
    item.optionOrder = identity(q.options.size());
    item.premiseOrder = identity(q.premises.size());
    item.itemOrder = identity(q.items.size());
    if (q.shuffle) {
        if (q.type == QuestionType::Single || q.type == QuestionType::Multiple || q.type == QuestionType::Matching)
            rng.shuffle(item.optionOrder);
        if (q.type == QuestionType::Sequencing) {
            rng.shuffle(item.itemOrder);
            // Never show a sequence already in its correct order.
            bool inKeyOrder = item.itemOrder.size() == q.keyIds.size();
            for (std::size_t i = 0; inKeyOrder && i < item.itemOrder.size(); ++i)
                inKeyOrder = q.items[static_cast<std::size_t>(item.itemOrder[i])].id == q.keyIds[i];
            if (inKeyOrder) std::rotate(item.itemOrder.begin(), item.itemOrder.begin() + 1, item.itemOrder.end());
        }
    }
    return item;
}

struct Candidate {
    const Bank* bank;
    const Question* question;
};

std::vector<Candidate> readyQuestions(const BankSet& banks) {
    std::vector<Candidate> out;
    for (const auto& b : banks.banks())
        for (const auto& q : b.questions)
            if (q.status == Status::Ready) out.push_back({&b, &q});
    return out;
}

std::string topicList(const std::vector<std::string>& topics) {
    std::string s;
    for (const auto& t : topics) s += (s.empty() ? "" : ", ") + t;
    return s;
}

std::variant<Paper, AssemblyError> assembleQuestions(const BankSet& banks, const ExamProfile& profile,
                                                     const AssemblyOptions& options, Rng& rng) {
    std::vector<Candidate> eligible;
    for (const auto& c : readyQuestions(banks)) {
        const Question& q = *c.question;
        if (!q.caseStudy.empty() || !contains(profile.levels, q.level) || !contains(profile.types, q.type)) continue;
        if (c.bank->info.standardEdition != profile.edition) continue;
        eligible.push_back(c);
    }
    std::set<const Question*> chosen;
    std::vector<const Question*> picked;
    for (const auto& entry : profile.blueprint) {
        std::vector<const Question*> pool;
        for (const auto& c : eligible)
            if (!chosen.count(c.question) && matchesAny(banks, c.question->topic, entry.topics)) pool.push_back(c.question);
        if (static_cast<int>(pool.size()) < entry.count)
            return AssemblyError{fmt::format(
                "profile \"{}\": blueprint entry \"{}\" needs {} questions on {} but only {} are available", profile.id,
                entry.label, entry.count, topicList(entry.topics), pool.size())};
        rank(pool, rng, [&](const Question* q) { return priorityOf(options, q->id); });
        for (int i = 0; i < entry.count; ++i) chosen.insert(pool[static_cast<std::size_t>(i)]), picked.push_back(pool[static_cast<std::size_t>(i)]);
    }
    rng.shuffle(picked);
    Paper paper;
    paper.profileId = profile.id;
    paper.seed = options.seed;
    for (const Question* q : picked) paper.items.push_back(makeItem(banks, *q, rng));
    return paper;
}

std::variant<Paper, AssemblyError> assembleCases(const BankSet& banks, const ExamProfile& profile,
                                                 const AssemblyOptions& options, Rng& rng) {
    // Case studies in load order, with their ready items in file order.
    std::vector<const CaseStudy*> cases;
    std::map<std::string, std::vector<const Question*>> items;
    for (const auto& b : banks.banks()) {
        if (b.info.standardEdition != profile.edition) continue;
        for (const auto& cs : b.caseStudies) cases.push_back(&cs);
    }
    for (const auto& c : readyQuestions(banks))
        if (!c.question->caseStudy.empty()) items[c.question->caseStudy].push_back(c.question);
    std::vector<const CaseStudy*> usable;
    for (const CaseStudy* cs : cases) {
        const auto& list = items[cs->id];
        if (list.empty()) continue;
        double marks = 0;
        bool ok = true;
        for (const Question* q : list) {
            marks += q->marks;
            ok = ok && contains(profile.levels, q->level) && contains(profile.types, q->type);
        }
        if (ok && std::abs(marks - profile.marksPerCaseStudy) < 1e-9) usable.push_back(cs);
    }
    std::set<const CaseStudy*> chosen;
    std::vector<const CaseStudy*> picked;
    for (const auto& entry : profile.blueprint) {
        std::vector<const CaseStudy*> pool;
        for (const CaseStudy* cs : usable)
            if (!chosen.count(cs) && matchesAny(banks, cs->theme, entry.topics)) pool.push_back(cs);
        if (static_cast<int>(pool.size()) < entry.count)
            return AssemblyError{fmt::format("profile \"{}\": blueprint entry \"{}\" needs {} case studies of {} marks on {} "
                                             "but only {} are available",
                                             profile.id, entry.label, entry.count, profile.marksPerCaseStudy,
                                             topicList(entry.topics), pool.size())};
        rank(pool, rng, [&](const CaseStudy* cs) {
            Priority p{0, 0};
            for (const Question* q : items[cs->id]) p = std::max(p, priorityOf(options, q->id));
            return p;
        });
        for (int i = 0; i < entry.count; ++i) chosen.insert(pool[static_cast<std::size_t>(i)]), picked.push_back(pool[static_cast<std::size_t>(i)]);
    }
    rng.shuffle(picked);
    Paper paper;
    paper.profileId = profile.id;
    paper.seed = options.seed;
    for (const CaseStudy* cs : picked)
        for (const Question* q : items[cs->id]) paper.items.push_back(makeItem(banks, *q, rng));
    return paper;
}

} // namespace

std::variant<Paper, AssemblyError> assemblePaper(const BankSet& banks, const ExamProfile& profile,
                                                 const AssemblyOptions& options) {
    Rng rng(options.seed);
    return profile.usesCaseStudies() ? assembleCases(banks, profile, options, rng)
                                     : assembleQuestions(banks, profile, options, rng);
}

std::variant<Paper, AssemblyError> assembleDrill(const BankSet& banks, const DrillSpec& spec, const AssemblyOptions& options) {
    Rng rng(options.seed);
    std::vector<const Question*> pool;
    for (const auto& c : readyQuestions(banks)) {
        const Question& q = *c.question;
        if (!spec.levels.empty() && !contains(spec.levels, q.level)) continue;
        if (!spec.types.empty() && !contains(spec.types, q.type)) continue;
        if (!spec.topics.empty() && !matchesAny(banks, q.topic, spec.topics)) continue;
        if (spec.filter != DrillSpec::Filter::All) {
            const auto h = options.history ? options.history->history(q.id) : std::nullopt;
            if (spec.filter == DrillSpec::Filter::NotSeen && h) continue;
            if (spec.filter == DrillSpec::Filter::WrongLastTime && (!h || h->lastCorrect)) continue;
        }
        pool.push_back(&q);
    }
    if (pool.empty()) return AssemblyError{"no questions match the drill's levels, topics and filter"};
    rank(pool, rng, [&](const Question* q) { return priorityOf(options, q->id); });
    pool.resize(std::min(pool.size(), static_cast<std::size_t>(std::max(spec.count, 1))));
    rng.shuffle(pool);
    Paper paper;
    paper.profileId = "drill";
    paper.seed = options.seed;
    for (const Question* q : pool) paper.items.push_back(makeItem(banks, *q, rng));
    return paper;
}

PaperItem paperItemFor(const BankSet& banks, const Question& q, std::uint64_t seed) {
    Rng rng(seed);
    return makeItem(banks, q, rng);
}

} // namespace examsim::core
