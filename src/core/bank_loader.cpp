#include "core/bank_loader.hpp"

#include "core/json_checker.hpp"
#include "core/question_json.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace examsim::core {

using nlohmann::json;

bool BankFileResult::hasErrors() const {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

bool isOtherExamsimFormat(std::string_view format) {
    return format.rfind("examsim-", 0) == 0 && format != "examsim-bank";
}

namespace {

constexpr std::string_view kLevelList = R"("foundation", "practitioner", "auditor")";

class BankReader {
public:
    BankReader(const SourceFile& source, std::vector<Diagnostic>& out) : m_c(source, out) {}

    Bank read(const json& root) {
        Bank bank;
        bank.path = m_c.source().path();
        m_c.unknownFields(root, "", {"$schema", "format", "format_version", "bank", "topics", "case_studies", "questions"});
        if (const json* v = m_c.field(root, "", "format_version", Need::Required); v) {
            if (!v->is_number_integer() || v->get<long long>() != 1)
                m_c.error("/format_version", fmt::format("unsupported format_version {}; this program reads version 1",
                                                          v->dump()));
        }
        if (const json* meta = m_c.object(root, "", "bank", Need::Required)) bank.info = readInfo(*meta, "/bank");
        if (const json* arr = m_c.array(root, "", "topics", Need::Optional)) {
            for (std::size_t i = 0; i < arr->size(); ++i)
                if (auto t = readTopic((*arr)[i], fmt::format("/topics/{}", i))) bank.topics.push_back(std::move(*t));
        }
        if (const json* arr = m_c.array(root, "", "case_studies", Need::Optional)) {
            for (std::size_t i = 0; i < arr->size(); ++i)
                if (auto cs = readCaseStudy((*arr)[i], fmt::format("/case_studies/{}", i)))
                    bank.caseStudies.push_back(std::move(*cs));
        }
        if (const json* arr = m_c.array(root, "", "questions", Need::Required)) {
            bank.questions.reserve(arr->size());
            for (std::size_t i = 0; i < arr->size(); ++i)
                if (auto q = readQuestion((*arr)[i], fmt::format("/questions/{}", i)))
                    bank.questions.push_back(std::move(*q));
        }
        checkDuplicateIds(bank);
        return bank;
    }

    std::optional<Question> readOne(const json& v) { return readQuestion(v, ""); }

private:
    JsonChecker m_c;

    BankInfo readInfo(const json& meta, const std::string& ptr) {
        BankInfo info;
        m_c.unknownFields(meta, ptr, {"id", "title", "version", "language", "license", "authors", "standard", "description"});
        info.id = m_c.id(meta, ptr, "id", Need::Required).value_or("");
        info.title = m_c.text(meta, ptr, "title", Need::Required).value_or("");
        if (auto v = m_c.string(meta, ptr, "version", Need::Required)) {
            info.version = *v;
            if (!isVersion(*v))
                m_c.error(ptr + "/version", fmt::format(R"("version" must look like 1.0 or 1.0.0, not "{}")", *v));
        }
        if (auto v = m_c.string(meta, ptr, "language", Need::Required)) {
            info.language = *v;
            if (!isLanguageTag(*v))
                m_c.error(ptr + "/language", fmt::format(R"("language" must be a language tag such as "en" or "en-GB", not "{}")", *v));
        }
        info.license = m_c.text(meta, ptr, "license", Need::Required).value_or("");
        if (const json* authors = m_c.array(meta, ptr, "authors", Need::Required)) {
            if (authors->empty()) m_c.error(ptr + "/authors", R"("authors" must name at least one author)");
            for (std::size_t i = 0; i < authors->size(); ++i) {
                const std::string p = fmt::format("{}/authors/{}", ptr, i);
                if (!(*authors)[i].is_string() || isBlank((*authors)[i].get_ref<const std::string&>()))
                    m_c.error(p, "an author must be a non-empty string");
                else info.authors.push_back((*authors)[i].get<std::string>());
            }
        }
        if (const json* std = m_c.object(meta, ptr, "standard", Need::Required)) {
            const std::string sp = ptr + "/standard";
            m_c.unknownFields(*std, sp, {"name", "part", "edition"});
            info.standardName = m_c.text(*std, sp, "name", Need::Required).value_or("");
            info.standardPart = m_c.part(*std, sp, "part", Need::Optional).value_or("");
            info.standardEdition = m_c.integer(*std, sp, "edition", Need::Required, 1995, 2100).value_or(0);
        }
        info.description = m_c.string(meta, ptr, "description", Need::Optional).value_or("");
        return info;
    }

    std::optional<Topic> readTopic(const json& v, const std::string& ptr) {
        if (!m_c.expectObject(v, ptr, "a topic")) return std::nullopt;
        Topic t;
        t.pointer = ptr;
        m_c.unknownFields(v, ptr, {"id", "title", "part", "edition", "clause", "parent"});
        t.id = m_c.id(v, ptr, "id", Need::Required).value_or("");
        t.title = m_c.text(v, ptr, "title", Need::Required).value_or("");
        t.part = m_c.part(v, ptr, "part", Need::Optional).value_or("");
        t.edition = m_c.integer(v, ptr, "edition", Need::Optional, 1995, 2100).value_or(0);
        t.clause = m_c.text(v, ptr, "clause", Need::Optional).value_or("");
        t.parent = m_c.id(v, ptr, "parent", Need::Optional).value_or("");
        if (!t.parent.empty() && t.parent == t.id) m_c.error(ptr + "/parent", fmt::format(R"(topic "{}" cannot be its own parent)", t.id));
        return t;
    }

    std::optional<CaseStudy> readCaseStudy(const json& v, const std::string& ptr) {
        if (!m_c.expectObject(v, ptr, "a case study")) return std::nullopt;
        CaseStudy cs;
        cs.pointer = ptr;
        m_c.unknownFields(v, ptr, {"id", "title", "text", "level", "theme"});
        cs.id = m_c.id(v, ptr, "id", Need::Required).value_or("");
        cs.title = m_c.text(v, ptr, "title", Need::Required).value_or("");
        cs.text = m_c.text(v, ptr, "text", Need::Required).value_or("");
        cs.level = m_c.enumeration<Level>(v, ptr, "level", Need::Optional, levelFromString, kLevelList);
        cs.theme = m_c.id(v, ptr, "theme", Need::Optional).value_or("");
        return cs;
    }

    std::optional<Question> readQuestion(const json& v, const std::string& ptr) {
        if (!m_c.expectObject(v, ptr, "a question")) return std::nullopt;
        Question q;
        q.pointer = ptr;
        // The status decides how hard the other findings are, so it is read first.
        q.status = m_c.enumeration<Status>(v, ptr, "status", Need::Required, statusFromString, R"("draft", "ready")")
                       .value_or(Status::Ready);
        const JsonChecker::DraftScope draftScope(m_c, q.status == Status::Draft);

        m_c.unknownFields(v, ptr,
                          {"id", "status", "level", "type", "stem", "assertion", "reason", "options", "premises",
                           "items", "key", "marks", "partial_marks", "shuffle", "explanation", "references", "topic",
                           "secondary_topics", "difficulty", "cognitive_level", "case_study", "itil", "tags"});
        q.id = m_c.id(v, ptr, "id", Need::Required).value_or("");
        q.level = m_c.enumeration<Level>(v, ptr, "level", Need::Required, levelFromString, kLevelList)
                      .value_or(Level::Foundation);
        const auto type = m_c.enumeration<QuestionType>(
            v, ptr, "type", Need::Required, questionTypeFromString,
            R"("single", "multiple", "true_false", "matching", "sequencing", "assertion_reason")");
        q.type = type.value_or(QuestionType::Single);
        q.stem = m_c.text(v, ptr, "stem", Need::Required).value_or("");
        q.explanation = m_c.text(v, ptr, "explanation", Need::Required).value_or("");
        if (auto marks = m_c.number(v, ptr, "marks", Need::Optional)) {
            if (*marks <= 0) m_c.error(ptr + "/marks", fmt::format(R"("marks" must be greater than 0, not {})", v["marks"].dump()));
            else if (*marks > 100) m_c.error(ptr + "/marks", fmt::format(R"("marks" must be at most 100, not {})", v["marks"].dump()));
            else q.marks = *marks;
        }
        q.partialMarks = m_c.boolean(v, ptr, "partial_marks", Need::Optional).value_or(false);
        q.shuffle = m_c.boolean(v, ptr, "shuffle", Need::Optional).value_or(true);
        readReferences(v, ptr, q);
        q.topic = m_c.id(v, ptr, "topic", Need::Required).value_or("");
        if (const json* arr = m_c.array(v, ptr, "secondary_topics", Need::Optional)) {
            for (std::size_t i = 0; i < arr->size(); ++i) {
                const std::string p = fmt::format("{}/secondary_topics/{}", ptr, i);
                if (auto id = m_c.idValue((*arr)[i], p)) {
                    if (*id == q.topic) m_c.warning(p, fmt::format(R"("{}" is already the primary topic)", *id));
                    else q.secondaryTopics.push_back(*id);
                }
            }
        }
        q.difficulty = m_c.integer(v, ptr, "difficulty", Need::Required, 1, 3).value_or(1);
        q.cognitiveLevel = m_c.enumeration<CognitiveLevel>(v, ptr, "cognitive_level", Need::Required,
                                                           cognitiveLevelFromString,
                                                           R"("knowledge", "comprehension", "application", "analysis")")
                               .value_or(CognitiveLevel::Knowledge);
        q.caseStudy = m_c.id(v, ptr, "case_study", Need::Optional).value_or("");
        if (const json* itil = m_c.object(v, ptr, "itil", Need::Optional)) {
            const std::string ip = ptr + "/itil";
            m_c.unknownFields(*itil, ip, {"version", "name"});
            ItilAlignment a;
            if (auto ver = m_c.string(*itil, ip, "version", Need::Required)) {
                if (*ver != "v2" && *ver != "v3" && *ver != "2011" && *ver != "4")
                    m_c.error(ip + "/version", fmt::format(R"("version" must be one of "v2", "v3", "2011", "4", not "{}")", *ver));
                a.version = *ver;
            }
            a.name = m_c.text(*itil, ip, "name", Need::Required).value_or("");
            q.itil = a;
        }
        if (const json* arr = m_c.array(v, ptr, "tags", Need::Optional)) {
            for (std::size_t i = 0; i < arr->size(); ++i) {
                const std::string p = fmt::format("{}/tags/{}", ptr, i);
                if (!(*arr)[i].is_string() || isBlank((*arr)[i].get_ref<const std::string&>()))
                    m_c.error(p, "a tag must be a non-empty string");
                else q.tags.push_back((*arr)[i].get<std::string>());
            }
        }
        if (type) readAnswerMaterial(v, ptr, q);
        return q;
    }

    void readReferences(const json& v, const std::string& ptr, Question& q) {
        const json* arr = m_c.array(v, ptr, "references", Need::Required);
        if (!arr) return;
        if (arr->empty()) m_c.error(ptr + "/references", R"("references" must hold at least one reference)");
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string p = fmt::format("{}/references/{}", ptr, i);
            const json& r = (*arr)[i];
            if (!m_c.expectObject(r, p, "a reference")) continue;
            m_c.unknownFields(r, p, {"standard", "part", "edition", "clause", "note"});
            Reference ref;
            ref.standard = m_c.text(r, p, "standard", Need::Optional).value_or("ISO/IEC 20000");
            ref.part = m_c.part(r, p, "part", Need::Optional).value_or("");
            if (!r.contains("part") && !r.contains("standard"))
                m_c.error(p, R"(missing required field "part" (or name another "standard", e.g. "ISO 19011"))");
            ref.edition = m_c.integer(r, p, "edition", Need::Required, 1995, 2100).value_or(0);
            ref.clause = m_c.text(r, p, "clause", Need::Required).value_or("");
            ref.note = m_c.string(r, p, "note", Need::Optional).value_or("");
            q.references.push_back(std::move(ref));
        }
    }

    std::vector<Choice> readChoices(const json& v, const std::string& ptr, const char* name, Need need,
                                    const char* what) {
        std::vector<Choice> out;
        const json* arr = m_c.array(v, ptr, name, need);
        if (!arr) return out;
        const std::string lp = fmt::format("{}/{}", ptr, name);
        if (arr->size() < 2 || arr->size() > 8)
            m_c.error(lp, fmt::format(R"("{}" must hold 2 to 8 entries, not {})", name, arr->size()));
        std::map<std::string, std::size_t> ids;
        std::map<std::string, std::size_t> texts;
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string p = fmt::format("{}/{}", lp, i);
            const json& c = (*arr)[i];
            if (!m_c.expectObject(c, p, what)) continue;
            m_c.unknownFields(c, p, {"id", "text", "rationale"});
            Choice choice;
            choice.id = m_c.id(c, p, "id", Need::Required).value_or("");
            choice.text = m_c.text(c, p, "text", Need::Required).value_or("");
            choice.rationale = m_c.text(c, p, "rationale", Need::Optional).value_or("");
            if (!choice.id.empty()) {
                if (auto [it, fresh] = ids.emplace(choice.id, i); !fresh)
                    m_c.error(p + "/id", fmt::format(R"(duplicate id "{}" (also {}/{}))", choice.id, lp, it->second));
            }
            if (!choice.text.empty()) {
                if (auto [it, fresh] = texts.emplace(normalizedForComparison(choice.text), i); !fresh)
                    m_c.error(p + "/text", fmt::format(R"(same text as {}/{} ("{}"))", lp, it->second, shorten(choice.text)));
            }
            out.push_back(std::move(choice));
        }
        return out;
    }

    static std::string shorten(const std::string& s) {
        if (countCharacters(s) <= 40) return s;
        std::size_t bytes = 0, chars = 0;
        while (bytes < s.size() && chars < 37) {
            ++bytes;
            while (bytes < s.size() && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) ++bytes;
            ++chars;
        }
        return s.substr(0, bytes) + "...";
    }

    static bool contains(const std::vector<Choice>& list, const std::string& id) {
        return std::any_of(list.begin(), list.end(), [&](const Choice& c) { return c.id == id; });
    }

    static std::string idList(const std::vector<Choice>& list) {
        std::vector<std::string> ids;
        for (const auto& c : list) ids.push_back(c.id);
        return join(ids, ", ");
    }

    void unused(const json& v, const std::string& ptr, const Question& q, std::initializer_list<const char*> names) {
        for (const char* n : names)
            if (v.contains(n))
                m_c.warning(ptr + "/" + n, fmt::format(R"("{}" questions take no "{}" (it is ignored))", nameOf(q.type), n),
                            Anchor::Key);
    }

    void readAnswerMaterial(const json& v, const std::string& ptr, Question& q) {
        const std::string kp = ptr + "/key";
        const json* key = v.contains("key") ? &v["key"] : nullptr;
        if (!key) m_c.error(ptr, R"(missing required field "key")");
        const bool noPartial = q.type == QuestionType::Single || q.type == QuestionType::TrueFalse ||
                               q.type == QuestionType::AssertionReason;
        if (noPartial && q.partialMarks)
            m_c.warning(ptr + "/partial_marks",
                        fmt::format(R"("partial_marks" has no effect on a "{}" question)", nameOf(q.type)));
        switch (q.type) {
        case QuestionType::Single: {
            unused(v, ptr, q, {"premises", "items", "assertion", "reason"});
            q.options = readChoices(v, ptr, "options", Need::Required, "an option");
            if (!key) break;
            if (key->is_array() && key->size() > 1) {
                m_c.error(kp, fmt::format(R"(a "single" question has exactly one key, not {} (use type "multiple" for several correct options))",
                                          key->size()));
            } else if (!key->is_string()) {
                m_c.error(kp, fmt::format(R"("key" of a "single" question must be an option id such as "b", not {})",
                                          JsonChecker::typeName(*key)));
            } else {
                const auto& id = key->get_ref<const std::string&>();
                if (!q.options.empty() && !contains(q.options, id))
                    m_c.error(kp, fmt::format(R"(key "{}" names no option (options: {}))", id, idList(q.options)));
                q.keyIds = {id};
            }
            break;
        }
        case QuestionType::Multiple: {
            unused(v, ptr, q, {"premises", "items", "assertion", "reason"});
            q.options = readChoices(v, ptr, "options", Need::Required, "an option");
            if (!key) break;
            if (!key->is_array()) {
                m_c.error(kp, fmt::format(R"("key" of a "multiple" question must be an array of option ids such as ["a", "c"], not {})",
                                          JsonChecker::typeName(*key)));
                break;
            }
            std::set<std::string> seen;
            for (std::size_t i = 0; i < key->size(); ++i) {
                const std::string p = fmt::format("{}/{}", kp, i);
                if (!(*key)[i].is_string()) {
                    m_c.error(p, fmt::format("a key must be an option id, not {}", JsonChecker::typeName((*key)[i])));
                    continue;
                }
                const auto& id = (*key)[i].get_ref<const std::string&>();
                if (!q.options.empty() && !contains(q.options, id))
                    m_c.error(p, fmt::format(R"(key "{}" names no option (options: {}))", id, idList(q.options)));
                else if (!seen.insert(id).second) m_c.error(p, fmt::format(R"(key "{}" is listed twice)", id));
                else q.keyIds.push_back(id);
            }
            if (key->size() < 2)
                m_c.error(kp, fmt::format(R"(a "multiple" question needs at least two keys, not {} (use type "single" for one correct option))",
                                          key->size()));
            else if (!q.options.empty() && q.keyIds.size() == q.options.size())
                m_c.error(kp, "every option is a key: a multiple-response question needs at least one option to reject");
            break;
        }
        case QuestionType::TrueFalse: {
            unused(v, ptr, q, {"options", "premises", "items", "assertion", "reason"});
            if (!key) break;
            if (!key->is_boolean())
                m_c.error(kp, fmt::format(R"("key" of a "true_false" question must be true or false, not {})",
                                          JsonChecker::typeName(*key)));
            else q.keyTrue = key->get<bool>();
            break;
        }
        case QuestionType::Matching: {
            unused(v, ptr, q, {"items", "assertion", "reason"});
            q.premises = readChoices(v, ptr, "premises", Need::Required, "a premise");
            q.options = readChoices(v, ptr, "options", Need::Required, "an option");
            if (!key) break;
            if (!key->is_object()) {
                m_c.error(kp, fmt::format(R"("key" of a "matching" question must be an object mapping each premise id to an option id, such as {{"1": "c", "2": "a"}}, not {})",
                                          JsonChecker::typeName(*key)));
                break;
            }
            for (auto it = key->begin(); it != key->end(); ++it) {
                const std::string p = kp + "/" + pointerToken(it.key());
                if (!q.premises.empty() && !contains(q.premises, it.key())) {
                    m_c.error(p, fmt::format(R"(key names premise "{}", which does not exist (premises: {}))", it.key(),
                                             idList(q.premises)),
                              Anchor::Key);
                    continue;
                }
                if (!it->is_string()) {
                    m_c.error(p, fmt::format("premise \"{}\" must be matched to an option id, not {}", it.key(),
                                             JsonChecker::typeName(*it)));
                    continue;
                }
                const auto& opt = it->get_ref<const std::string&>();
                if (!q.options.empty() && !contains(q.options, opt)) {
                    m_c.error(p, fmt::format(R"(premise "{}" is matched to "{}", which names no option (options: {}))",
                                             it.key(), opt, idList(q.options)));
                    continue;
                }
                q.keyPairs.emplace_back(it.key(), opt);
            }
            // Keep the key in premise order, whatever order the file used.
            std::vector<std::pair<std::string, std::string>> ordered;
            for (const auto& premise : q.premises) {
                auto found = std::find_if(q.keyPairs.begin(), q.keyPairs.end(),
                                          [&](const auto& kv) { return kv.first == premise.id; });
                if (found == q.keyPairs.end()) {
                    if (!key->contains(premise.id))
                        m_c.error(kp, fmt::format(R"(key does not match premise "{}" to any option)", premise.id));
                } else {
                    ordered.push_back(*found);
                }
            }
            q.keyPairs = std::move(ordered);
            break;
        }
        case QuestionType::Sequencing: {
            unused(v, ptr, q, {"options", "premises", "assertion", "reason"});
            q.items = readChoices(v, ptr, "items", Need::Required, "an item");
            if (!key) break;
            if (!key->is_array()) {
                m_c.error(kp, fmt::format(R"("key" of a "sequencing" question must be an array listing every item id in the correct order, not {})",
                                          JsonChecker::typeName(*key)));
                break;
            }
            std::set<std::string> seen;
            for (std::size_t i = 0; i < key->size(); ++i) {
                const std::string p = fmt::format("{}/{}", kp, i);
                if (!(*key)[i].is_string()) {
                    m_c.error(p, fmt::format("a key must be an item id, not {}", JsonChecker::typeName((*key)[i])));
                    continue;
                }
                const auto& id = (*key)[i].get_ref<const std::string&>();
                if (!q.items.empty() && !contains(q.items, id))
                    m_c.error(p, fmt::format(R"(key "{}" names no item (items: {}))", id, idList(q.items)));
                else if (!seen.insert(id).second) m_c.error(p, fmt::format(R"(key lists item "{}" twice)", id));
                else q.keyIds.push_back(id);
            }
            for (const auto& item : q.items)
                if (!seen.count(item.id))
                    m_c.error(kp, fmt::format(R"(key leaves out item "{}": it must list every item once)", item.id));
            break;
        }
        case QuestionType::AssertionReason: {
            unused(v, ptr, q, {"options", "premises", "items"});
            q.assertion = m_c.text(v, ptr, "assertion", Need::Required).value_or("");
            q.reason = m_c.text(v, ptr, "reason", Need::Required).value_or("");
            if (!key) break;
            const bool ok = key->is_string() && key->get_ref<const std::string&>().size() == 1 &&
                            key->get_ref<const std::string&>()[0] >= 'a' && key->get_ref<const std::string&>()[0] <= 'e';
            if (!ok)
                m_c.error(kp, fmt::format(R"("key" of an "assertion_reason" question must be one of "a", "b", "c", "d", "e", not {})",
                                          key->dump()));
            else q.keyIds = {key->get<std::string>()};
            break;
        }
        }
    }

    void checkDuplicateIds(const Bank& bank) {
        auto check = [&](const auto& list, const char* what) {
            std::map<std::string, std::string> first;
            for (const auto& e : list) {
                if (e.id.empty()) continue;
                if (auto [it, fresh] = first.emplace(e.id, e.pointer); !fresh)
                    m_c.error(e.pointer + "/id", fmt::format(R"(duplicate {} id "{}" (first defined at {}))", what, e.id,
                                                             m_c.source().location(it->second + "/id")));
            }
        };
        check(bank.topics, "topic");
        check(bank.caseStudies, "case study");
        std::map<std::string, std::string> first;
        for (const auto& q : bank.questions) {
            if (q.id.empty()) continue;
            if (auto [it, fresh] = first.emplace(q.id, q.pointer); !fresh) {
                const JsonChecker::DraftScope scope(m_c, false);
                m_c.error(q.pointer + "/id", fmt::format(R"(duplicate question id "{}" (first defined at {}))", q.id,
                                                         m_c.source().location(it->second + "/id")));
            }
        }
    }

    static bool isVersion(const std::string& s) {
        int parts = 0;
        std::size_t i = 0;
        while (i < s.size()) {
            const std::size_t start = i;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
            if (i == start) return false;
            ++parts;
            if (i == s.size()) break;
            if (s[i] != '.') return false;
            ++i;
            if (i == s.size()) return false;
        }
        return parts == 2 || parts == 3;
    }

    static bool isLanguageTag(const std::string& s) {
        const std::size_t dash = s.find('-');
        const std::string primary = s.substr(0, dash);
        if (primary.size() < 2 || primary.size() > 3) return false;
        if (!std::all_of(primary.begin(), primary.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return false;
        if (dash == std::string::npos) return true;
        std::size_t i = dash;
        while (i < s.size()) {
            const std::size_t next = s.find('-', i + 1);
            const std::string sub = s.substr(i + 1, next == std::string::npos ? std::string::npos : next - i - 1);
            if (sub.size() < 2 || sub.size() > 8 ||
                !std::all_of(sub.begin(), sub.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }))
                return false;
            if (next == std::string::npos) break;
            i = next;
        }
        return true;
    }
};

} // namespace

BankFileResult loadBankFile(const SourceFile& source, const JsonLimits& limits) {
    BankFileResult result;

    CheckedJson parsed = parseChecked(source, limits);
    if (parsed.failure) {
        result.diagnostics.push_back(std::move(*parsed.failure));
        return result;
    }
    const json& root = parsed.root;
    for (const auto& dup : parsed.duplicates)
        result.diagnostics.push_back(source.atOffset(
            Severity::Warning, dup.keyOffset, dup.pointer,
            "field appears more than once in this object; only the last value counts"));

    if (!root.is_object()) {
        result.diagnostics.push_back(source.at(Severity::Error, "",
                                               fmt::format("a bank must be a JSON object, not {}", JsonChecker::typeName(root))));
        return result;
    }
    const auto fmtIt = root.find("format");
    if (fmtIt != root.end() && fmtIt->is_string() && isOtherExamsimFormat(fmtIt->get_ref<const std::string&>())) {
        result.kind = BankFileResult::Kind::OtherFormat;
        result.diagnostics.clear();
        return result;
    }
    if (fmtIt == root.end()) {
        result.diagnostics.push_back(
            source.at(Severity::Error, "", R"(not a question bank: missing "format": "examsim-bank")"));
        return result;
    }
    if (!fmtIt->is_string() || fmtIt->get_ref<const std::string&>() != "examsim-bank") {
        result.diagnostics.push_back(source.at(
            Severity::Error, "/format", fmt::format(R"("format" must be "examsim-bank", not {})", fmtIt->dump())));
        return result;
    }
    result.kind = BankFileResult::Kind::Bank;
    BankReader reader(source, result.diagnostics);
    result.bank = reader.read(root);
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return result;
}

} // namespace examsim::core

namespace examsim::core {

std::optional<Question> questionFromJson(const std::string& text, std::string* error) {
    // Read it as the only question of a minimal bank, so that snapshots get the same checks as banks.
    SourceFile source("(snapshot)", text);
    json q;
    try {
        q = json::parse(text);
    } catch (const json::exception& e) {
        if (error) *error = JsonChecker::parseFailure(e, text).second;
        return std::nullopt;
    }
    std::vector<Diagnostic> diagnostics;
    BankReader reader(source, diagnostics);
    auto question = reader.readOne(q);
    for (const auto& d : diagnostics)
        if (d.severity == Severity::Error) {
            if (error) *error = d.pointer + ": " + d.message;
            return std::nullopt;
        }
    return question;
}

} // namespace examsim::core
