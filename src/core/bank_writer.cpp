#include "core/bank_writer.hpp"

#include "core/bank_loader.hpp"
#include "core/bank_set.hpp"
#include "core/paths.hpp"
#include "core/source_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

namespace examsim::core {

namespace fs = std::filesystem;
// Ordered: a document keeps the member order of its file, so saving never reorders a bank.
using oj = nlohmann::ordered_json;

namespace {

// ---------------------------------------------------------------------------------------------------
// Where every value of the original text is: the writer copies unchanged values byte for byte.

struct Span {
    enum class Kind { Scalar, Object, Array } kind = Kind::Scalar;
    std::size_t begin = 0, end = 0; // [begin, end) of the value
    struct Member {
        std::string key;          // objects only
        std::size_t keyBegin = 0; // objects: the opening quote of the name; arrays: == value.begin
        Span* value = nullptr;
    };
    std::vector<Member> members;
};

class SpanParser {
  public:
    explicit SpanParser(const std::string& text) : m_t(text) {}
    // The text was accepted by nlohmann/json before, so this parser only needs to find boundaries.
    Span* parse() {
        m_pos = 0;
        if (m_t.compare(0, 3, "\xEF\xBB\xBF") == 0) m_pos = 3;
        skipWs();
        return value();
    }

  private:
    const std::string& m_t;
    std::size_t m_pos = 0;
    std::vector<std::unique_ptr<Span>> m_nodes; // owns every span of the tree

    void skipWs() {
        while (m_pos < m_t.size() &&
               (m_t[m_pos] == ' ' || m_t[m_pos] == '\t' || m_t[m_pos] == '\n' || m_t[m_pos] == '\r'))
            ++m_pos;
    }
    void skipString() {
        ++m_pos; // opening quote
        while (m_pos < m_t.size() && m_t[m_pos] != '"') m_pos += m_t[m_pos] == '\\' ? 2 : 1;
        ++m_pos;
    }
    Span* value() {
        m_nodes.push_back(std::make_unique<Span>());
        Span* s = m_nodes.back().get();
        s->begin = m_pos;
        if (m_pos >= m_t.size()) {
            s->end = m_pos;
            return s;
        }
        const char c = m_t[m_pos];
        if (c == '{' || c == '[') {
            s->kind = c == '{' ? Span::Kind::Object : Span::Kind::Array;
            const char close = c == '{' ? '}' : ']';
            ++m_pos;
            skipWs();
            while (m_pos < m_t.size() && m_t[m_pos] != close) {
                Span::Member m;
                m.keyBegin = m_pos;
                if (s->kind == Span::Kind::Object) {
                    const std::size_t kb = m_pos;
                    skipString();
                    m.key = oj::parse(m_t.substr(kb, m_pos - kb)).get<std::string>();
                    skipWs();
                    ++m_pos; // ':'
                    skipWs();
                }
                m.value = value();
                s->members.push_back(std::move(m));
                skipWs();
                if (m_pos < m_t.size() && m_t[m_pos] == ',') {
                    ++m_pos;
                    skipWs();
                }
            }
            ++m_pos;
        } else if (c == '"') {
            skipString();
        } else {
            while (m_pos < m_t.size() &&
                   std::string_view(",]} \t\r\n").find(m_t[m_pos]) == std::string_view::npos)
                ++m_pos;
        }
        s->end = m_pos;
        return s;
    }
};

// ---------------------------------------------------------------------------------------------------
// Rendering: unchanged values copied, changed containers rebuilt around their kept members with the
// original separators, new values formatted like their neighbours (one line or 2-space indented).

std::string dumpInline(const oj& v) {
    if (v.is_object() && !v.empty()) {
        std::string s = "{";
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (!first) s += ", ";
            first = false;
            s += oj(it.key()).dump() + ": " + dumpInline(it.value());
        }
        return s + "}";
    }
    if (v.is_array() && !v.empty()) {
        std::string s = "[";
        for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + dumpInline(v[i]);
        return s + "]";
    }
    return v.dump(-1, ' ', false, oj::error_handler_t::replace);
}

std::string dumpIndented(const oj& v, const std::string& indent, const std::string& newline = "\n") {
    std::string s = v.dump(2, ' ', false, oj::error_handler_t::replace);
    if (indent.empty() && newline == "\n") return s;
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (char c : s) {
        if (c == '\n')
            out += newline + indent; // strings hold no raw newline: every one is layout
        else
            out += c;
    }
    return out;
}

class Renderer {
  public:
    explicit Renderer(const std::string& text)
        : m_t(text), m_nl(text.find("\r\n") != std::string::npos ? "\r\n" : "\n") {}

    void render(const Span& s, const oj& orig, const oj& cur, std::string& out) const {
        if (orig == cur) {
            out.append(m_t, s.begin, s.end - s.begin);
        } else if (s.kind == Span::Kind::Object && orig.is_object() && cur.is_object()) {
            renderObject(s, orig, cur, out);
        } else if (s.kind == Span::Kind::Array && orig.is_array() && cur.is_array()) {
            renderArray(s, orig, cur, out);
        } else {
            out += dumpIndented(cur, lineIndent(s.begin), m_nl);
        }
    }

  private:
    const std::string& m_t;
    const std::string m_nl; // new lines follow the file's line ends

    std::string lineIndent(std::size_t pos) const {
        std::size_t start = m_t.rfind('\n', pos == 0 ? 0 : pos - 1);
        start = start == std::string::npos ? 0 : start + 1;
        std::size_t end = start;
        while (end < m_t.size() && (m_t[end] == ' ' || m_t[end] == '\t')) ++end;
        return m_t.substr(start, end - start);
    }

    struct Planned {
        int orig = -1; // index of the original member, or -1 for a new one
        const oj* value = nullptr;
        std::string key;
    };

    void renderObject(const Span& s, const oj& orig, const oj& cur, std::string& out) const {
        std::vector<Planned> plan;
        for (auto it = cur.begin(); it != cur.end(); ++it) {
            Planned p{-1, &it.value(), it.key()};
            for (std::size_t j = s.members.size(); j-- > 0;) // the last of repeated names is the value
                if (s.members[j].key == it.key()) {
                    p.orig = static_cast<int>(j);
                    break;
                }
            plan.push_back(std::move(p));
        }
        emit(s, orig, plan, '{', '}', out);
    }

    void renderArray(const Span& s, const oj& orig, const oj& cur, std::string& out) const {
        const std::size_t n = orig.size(), m = cur.size();
        std::vector<int> match(m, -1);
        std::size_t pre = 0;
        while (pre < n && pre < m && orig[pre] == cur[pre]) match[pre] = static_cast<int>(pre), ++pre;
        std::size_t suf = 0;
        while (suf < n - pre && suf < m - pre && orig[n - 1 - suf] == cur[m - 1 - suf])
            match[m - 1 - suf] = static_cast<int>(n - 1 - suf), ++suf;
        // The longest common subsequence of what is left keeps moved-around but unchanged elements.
        const std::size_t a = n - pre - suf, b = m - pre - suf;
        std::vector<std::vector<int>> lcs(a + 1, std::vector<int>(b + 1, 0));
        for (std::size_t i = a; i-- > 0;)
            for (std::size_t j = b; j-- > 0;)
                lcs[i][j] = orig[pre + i] == cur[pre + j] ? lcs[i + 1][j + 1] + 1
                                                          : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        // Walk it; in each gap between kept elements, pair changed elements in order (an edit).
        std::size_t i = 0, j = 0, gapI = 0, gapJ = 0;
        auto closeGap = [&](std::size_t endI, std::size_t endJ) {
            for (; gapI < endI && gapJ < endJ; ++gapI, ++gapJ)
                match[pre + gapJ] = static_cast<int>(pre + gapI);
            gapI = endI, gapJ = endJ;
        };
        while (i < a && j < b) {
            if (orig[pre + i] == cur[pre + j]) {
                closeGap(i, j);
                match[pre + j] = static_cast<int>(pre + i);
                ++i, ++j, gapI = i, gapJ = j;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                ++i;
            } else {
                ++j;
            }
        }
        closeGap(a, b);
        std::vector<Planned> plan;
        for (std::size_t k = 0; k < m; ++k) plan.push_back(Planned{match[k], &cur[k], {}});
        emit(s, orig, plan, '[', ']', out);
    }

    void emit(const Span& s, const oj& orig, const std::vector<Planned>& plan, char open, char close,
              std::string& out) const {
        if (plan.empty()) {
            out += open;
            out += close;
            return;
        }
        const auto& ms = s.members;
        auto sepAfter = [&](std::size_t j) {
            return m_t.substr(ms[j].value->end, ms[j + 1].keyBegin - ms[j].value->end);
        };
        std::string lead, trail, defaultSep;
        if (ms.empty()) {
            const std::string indent = lineIndent(s.begin);
            lead = m_nl + indent + "  ";
            trail = m_nl + indent;
            defaultSep = "," + lead;
        } else {
            lead = m_t.substr(s.begin + 1, ms[0].keyBegin - s.begin - 1);
            trail = m_t.substr(ms.back().value->end, s.end - 1 - ms.back().value->end);
            defaultSep = ms.size() >= 2
                             ? sepAfter(ms.size() - 2)
                             : "," + (lead.find('\n') == std::string::npos ? std::string(" ") : lead);
        }
        const bool inlineStyle = lead.find('\n') == std::string::npos;
        out += open;
        const std::string childIndent = inlineStyle ? "" : lead.substr(lead.rfind('\n') + 1);
        // New lists and objects follow their siblings: on one line where the file writes them so
        // (unless long), else indented.
        const bool siblingsInline = std::any_of(ms.begin(), ms.end(), [&](const Span::Member& x) {
            return x.value->kind != Span::Kind::Scalar && !x.value->members.empty() &&
                   m_t.find('\n', x.value->begin) >= x.value->end;
        });
        auto fresh = [&](const oj& v) {
            if (inlineStyle) return dumpInline(v);
            if (siblingsInline) {
                std::string one = dumpInline(v);
                if (one.size() + childIndent.size() <= 120) return one;
            }
            return dumpIndented(v, childIndent, m_nl);
        };
        int prev = -1;
        for (std::size_t k = 0; k < plan.size(); ++k) {
            const Planned& p = plan[k];
            if (k == 0)
                out += lead;
            else if (prev >= 0 && static_cast<std::size_t>(prev) + 1 < ms.size())
                out += sepAfter(static_cast<std::size_t>(prev));
            else if (!inlineStyle)
                out += "," + m_nl + childIndent; // after the last: a line of its own
            else
                out += defaultSep;
            if (p.orig >= 0) {
                const auto& member = ms[static_cast<std::size_t>(p.orig)];
                out.append(m_t, member.keyBegin,
                           member.value->begin - member.keyBegin); // name, colon, spaces
                const oj& before = open == '{' ? orig.at(member.key) : orig[static_cast<std::size_t>(p.orig)];
                render(*member.value, before, *p.value, out);
            } else {
                if (open == '{') out += oj(p.key).dump(-1, ' ', false, oj::error_handler_t::replace) + ": ";
                out += fresh(*p.value);
            }
            prev = p.orig >= 0 ? p.orig : prev;
        }
        out += trail;
        out += close;
    }
};

// ---------------------------------------------------------------------------------------------------
// The model as JSON, in the canonical field order of the shipped banks. Empty optional values and empty
// required texts are left out (a missing required field is what the validator reports).

const std::vector<std::string> kQuestionOrder = {"id",
                                                 "status",
                                                 "level",
                                                 "case_study",
                                                 "type",
                                                 "marks",
                                                 "partial_marks",
                                                 "stem",
                                                 "assertion",
                                                 "reason",
                                                 "premises",
                                                 "options",
                                                 "items",
                                                 "key",
                                                 "shuffle",
                                                 "explanation",
                                                 "references",
                                                 "topic",
                                                 "secondary_topics",
                                                 "difficulty",
                                                 "cognitive_level",
                                                 "itil",
                                                 "tags"};
const std::vector<std::string> kChoiceOrder = {"id", "text", "rationale"};
const std::vector<std::string> kReferenceOrder = {"standard", "part", "edition", "clause", "note"};
const std::vector<std::string> kTopicOrder = {"id", "title", "part", "edition", "clause", "parent"};
const std::vector<std::string> kCaseOrder = {"id", "title", "level", "theme", "text"};
const std::vector<std::string> kInfoOrder = {"id",      "title",   "version",  "language",
                                             "license", "authors", "standard", "description"};
const std::vector<std::string> kStandardOrder = {"name", "part", "edition"};
const std::vector<std::string> kBankOrder = {"$schema", "format",       "format_version", "bank",
                                             "topics",  "case_studies", "questions"};

void putText(oj& o, const char* name, const std::string& v) {
    if (!v.empty()) o[name] = v;
}

oj choicesJson(const std::vector<Choice>& list) {
    oj arr = oj::array();
    for (const auto& c : list) {
        oj o = oj::object();
        putText(o, "id", c.id);
        putText(o, "text", c.text);
        putText(o, "rationale", c.rationale);
        arr.push_back(std::move(o));
    }
    return arr;
}

oj numberJson(double v) {
    if (std::floor(v) == v && std::fabs(v) < 1e15) return static_cast<long long>(v);
    return v;
}

oj questionJson(const Question& q) {
    oj j = oj::object();
    putText(j, "id", q.id);
    j["status"] = std::string(nameOf(q.status));
    j["level"] = std::string(nameOf(q.level));
    putText(j, "case_study", q.caseStudy);
    j["type"] = std::string(nameOf(q.type));
    if (q.marks != 1.0) j["marks"] = numberJson(q.marks);
    if (q.partialMarks) j["partial_marks"] = true;
    putText(j, "stem", q.stem);
    switch (q.type) {
    case QuestionType::Single:
    case QuestionType::Multiple:
        j["options"] = choicesJson(q.options);
        break;
    case QuestionType::Matching:
        j["premises"] = choicesJson(q.premises);
        j["options"] = choicesJson(q.options);
        break;
    case QuestionType::Sequencing:
        j["items"] = choicesJson(q.items);
        break;
    case QuestionType::AssertionReason:
        putText(j, "assertion", q.assertion);
        putText(j, "reason", q.reason);
        break;
    case QuestionType::TrueFalse:
        break;
    }
    switch (q.type) {
    case QuestionType::TrueFalse:
        j["key"] = q.keyTrue;
        break;
    case QuestionType::Matching: {
        oj k = oj::object();
        for (const auto& [premise, option] : q.keyPairs) k[premise] = option;
        j["key"] = k;
        break;
    }
    case QuestionType::Single:
    case QuestionType::AssertionReason:
        if (!q.keyIds.empty()) j["key"] = q.keyIds[0];
        break;
    case QuestionType::Multiple:
    case QuestionType::Sequencing:
        j["key"] = q.keyIds;
        break;
    }
    if (!q.shuffle) j["shuffle"] = false;
    putText(j, "explanation", q.explanation);
    if (!q.references.empty()) {
        oj refs = oj::array();
        for (const auto& r : q.references) {
            oj o = oj::object();
            if (r.standard != "ISO/IEC 20000") putText(o, "standard", r.standard);
            putText(o, "part", r.part);
            if (r.edition) o["edition"] = r.edition;
            putText(o, "clause", r.clause);
            putText(o, "note", r.note);
            refs.push_back(std::move(o));
        }
        j["references"] = refs;
    }
    putText(j, "topic", q.topic);
    if (!q.secondaryTopics.empty()) j["secondary_topics"] = q.secondaryTopics;
    if (q.difficulty != 0) j["difficulty"] = q.difficulty; // 0: not set yet (imports)
    j["cognitive_level"] = std::string(nameOf(q.cognitiveLevel));
    if (q.itil) j["itil"] = oj{{"version", q.itil->version}, {"name", q.itil->name}};
    if (!q.tags.empty()) j["tags"] = q.tags;
    return j;
}

oj topicJson(const Topic& t) {
    oj j = oj::object();
    putText(j, "id", t.id);
    putText(j, "title", t.title);
    putText(j, "part", t.part);
    if (t.edition) j["edition"] = t.edition;
    putText(j, "clause", t.clause);
    putText(j, "parent", t.parent);
    return j;
}

oj caseStudyJson(const CaseStudy& c) {
    oj j = oj::object();
    putText(j, "id", c.id);
    putText(j, "title", c.title);
    if (c.level) j["level"] = std::string(nameOf(*c.level));
    putText(j, "theme", c.theme);
    putText(j, "text", c.text);
    return j;
}

oj infoJson(const BankInfo& i) {
    oj j = oj::object();
    putText(j, "id", i.id);
    putText(j, "title", i.title);
    putText(j, "version", i.version);
    putText(j, "language", i.language);
    putText(j, "license", i.license);
    j["authors"] = i.authors;
    oj st = oj::object();
    putText(st, "name", i.standardName);
    putText(st, "part", i.standardPart);
    if (i.standardEdition) st["edition"] = i.standardEdition;
    j["standard"] = st;
    putText(j, "description", i.description);
    return j;
}

// Equal as the loader reads them: member order does not matter (a matching key), 1 == 1.0.
bool sameValue(const oj& a, const oj& b) {
    if (a.is_object() && b.is_object()) {
        if (a.size() != b.size()) return false;
        for (auto it = a.begin(); it != a.end(); ++it)
            if (!b.contains(it.key()) || !sameValue(it.value(), b.at(it.key()))) return false;
        return true;
    }
    if (a.is_array() && b.is_array()) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!sameValue(a[i], b[i])) return false;
        return true;
    }
    return a == b;
}

// A field the model leaves out when it has its default value, but a file may spell out.
bool isSpelledOutDefault(const std::string& name, const oj& v) {
    if (name == "marks") return v.is_number() && v.get<double>() == 1.0;
    if (name == "partial_marks") return v == false;
    if (name == "shuffle") return v == true;
    if (name == "standard") return v == "ISO/IEC 20000";
    if (name == "secondary_topics" || name == "tags") return v.is_array() && v.empty();
    return false;
}

std::size_t rank(const std::vector<std::string>& order, const std::string& name) {
    return static_cast<std::size_t>(std::find(order.begin(), order.end(), name) - order.begin());
}

const std::vector<std::string>& orderOfChild(const std::string& name) {
    static const std::vector<std::string> none;
    if (name == "options" || name == "premises" || name == "items") return kChoiceOrder;
    if (name == "references") return kReferenceOrder;
    if (name == "standard") return kStandardOrder;
    return none;
}

oj merge(const oj& old, const oj& fresh, const std::vector<std::string>& order);

// Lists of objects (options, references): merged element by element, by id when the ids say so.
oj mergeList(const oj& old, const oj& fresh, const std::vector<std::string>& order) {
    if (!old.is_array() || !fresh.is_array() || order.empty()) return fresh;
    oj out = oj::array();
    for (std::size_t i = 0; i < fresh.size(); ++i) {
        const oj* match = nullptr;
        if (fresh[i].contains("id")) {
            for (const auto& o : old)
                if (o.is_object() && o.contains("id") && o["id"] == fresh[i]["id"]) match = &o;
        } else if (old.size() == fresh.size() && old[i].is_object()) {
            match = &old[i];
        }
        out.push_back(match ? merge(*match, fresh[i], order) : fresh[i]);
    }
    return out;
}

// The fresh model values laid over the old object: unknown fields, spelled-out defaults, member order
// and equal values are kept; changed values replaced; new fields put at their canonical place.
oj merge(const oj& old, const oj& fresh, const std::vector<std::string>& order) {
    if (!old.is_object()) return fresh;
    std::vector<std::pair<std::string, oj>> members;
    for (auto it = old.begin(); it != old.end(); ++it) {
        const std::string& name = it.key();
        const bool known = rank(order, name) < order.size();
        if (!known) {
            members.emplace_back(name, it.value());
        } else if (fresh.contains(name)) {
            const oj& f = fresh.at(name);
            if (sameValue(it.value(), f))
                members.emplace_back(name, it.value());
            else if (f.is_array() && !orderOfChild(name).empty())
                members.emplace_back(name, mergeList(it.value(), f, orderOfChild(name)));
            else if (f.is_object() && !orderOfChild(name).empty())
                members.emplace_back(name, merge(it.value(), f, orderOfChild(name)));
            else
                members.emplace_back(name, f);
        } else if (isSpelledOutDefault(name, it.value())) {
            members.emplace_back(name, it.value());
        }
    }
    for (auto it = fresh.begin(); it != fresh.end(); ++it) {
        if (old.contains(it.key())) continue;
        const std::size_t r = rank(order, it.key());
        auto pos = members.begin();
        for (auto m = members.begin(); m != members.end(); ++m)
            if (rank(order, m->first) < r) pos = m + 1;
        members.insert(pos, {it.key(), it.value()});
    }
    oj out = oj::object();
    for (auto& [k, v] : members) out[k] = std::move(v);
    return out;
}

std::size_t indexOf(const std::string& pointer) {
    return static_cast<std::size_t>(std::stoul(pointer.substr(pointer.rfind('/') + 1)));
}

} // namespace

// -------------------------------------------------------------------------------------------------------

struct BankDocument::Impl {
    fs::path path;
    std::string savedText; // as opened or last saved
    oj savedDoc;
    std::unique_ptr<SpanParser> spans;
    Span* root = nullptr;
    oj doc; // the current document
    std::string text;
    Bank bank;

    void setSaved(std::string t) {
        savedText = std::move(t);
        savedDoc = oj::parse(savedText);
        spans = std::make_unique<SpanParser>(savedText);
        root = spans->parse();
    }
};

BankDocument::BankDocument() : m(std::make_unique<Impl>()) {}
BankDocument::~BankDocument() = default;

OpenResult BankDocument::open(const fs::path& path, const JsonLimits& limits) {
    OpenResult result;
    auto read = SourceFile::read(path, 64u * 1024u * 1024u);
    if (auto* problem = std::get_if<Diagnostic>(&read)) {
        result.diagnostics.push_back(*problem);
        return result;
    }
    const SourceFile& source = std::get<SourceFile>(read);
    BankFileResult loaded = loadBankFile(source, limits);
    result.diagnostics = loaded.diagnostics;
    if (loaded.kind != BankFileResult::Kind::Bank || !loaded.bank) {
        if (loaded.kind == BankFileResult::Kind::OtherFormat)
            result.diagnostics.push_back(source.at(Severity::Error, "/format", "not a question bank"));
        return result;
    }
    std::unique_ptr<BankDocument> doc(new BankDocument());
    doc->m->path = path;
    doc->m->setSaved(source.text());
    doc->m->doc = doc->m->savedDoc;
    doc->m->text = source.text();
    doc->m->bank = std::move(*loaded.bank);
    result.document = std::move(doc);
    return result;
}

std::unique_ptr<BankDocument> BankDocument::create(const fs::path& path, const Bank& bank,
                                                   const std::vector<std::string>& omitInDrafts) {
    oj root = oj::object();
    root["format"] = "examsim-bank";
    root["format_version"] = 1;
    root["bank"] = infoJson(bank.info);
    if (!bank.topics.empty()) {
        root["topics"] = oj::array();
        for (const auto& t : bank.topics) root["topics"].push_back(topicJson(t));
    }
    if (!bank.caseStudies.empty()) {
        root["case_studies"] = oj::array();
        for (const auto& c : bank.caseStudies) root["case_studies"].push_back(caseStudyJson(c));
    }
    root["questions"] = oj::array();
    for (const auto& q : bank.questions) {
        oj j = questionJson(q);
        if (q.status == Status::Draft)
            for (const auto& name : omitInDrafts) j.erase(name);
        root["questions"].push_back(std::move(j));
    }
    std::unique_ptr<BankDocument> doc(new BankDocument());
    doc->m->path = path;
    // Nothing is on disk yet: an empty saved text makes the document count as modified.
    doc->m->savedText.clear();
    doc->m->doc = std::move(root);
    doc->reload();
    return doc;
}

const fs::path& BankDocument::path() const {
    return m->path;
}
void BankDocument::setPath(const fs::path& path) {
    m->path = path;
    reload();
}
const Bank& BankDocument::bank() const {
    return m->bank;
}
bool BankDocument::modified() const {
    return m->text != m->savedText;
}

std::string BankDocument::text() const {
    return m->text;
}

void BankDocument::reload() {
    if (m->root) {
        std::string out = m->savedText.substr(0, m->root->begin);
        Renderer(m->savedText).render(*m->root, m->savedDoc, m->doc, out);
        out += m->savedText.substr(m->root->end);
        m->text = std::move(out);
    } else {
        m->text = m->doc.dump(2, ' ', false, oj::error_handler_t::replace) + "\n";
    }
    SourceFile source(m->path.string(), m->text);
    BankFileResult loaded = loadBankFile(source);
    m->bank = loaded.bank ? std::move(*loaded.bank) : Bank{};
    m->bank.path = m->path.string();
}

void BankDocument::setInfo(const BankInfo& info) {
    m->doc["bank"] = merge(m->doc.value("bank", oj::object()), infoJson(info), kInfoOrder);
    reload();
}

namespace {
// The array `name` of the document, created at its canonical place when missing.
oj& listOf(oj& doc, const std::string& name) {
    if (!doc.contains(name)) { // merge() drops known fields the fresh value lacks: give it all of them
        oj fresh = doc;
        fresh[name] = oj::array();
        doc = merge(doc, fresh, kBankOrder);
    }
    return doc[name];
}
} // namespace

namespace {
// Edits of one entry of a list ("questions", "topics", "case_studies"), found by its pointer.
void setEntry(oj& doc, const char* name, const std::string& pointer, const oj& fresh,
              const std::vector<std::string>& order) {
    oj& list = listOf(doc, name);
    const std::size_t at = indexOf(pointer);
    list[at] = merge(list[at], fresh, order);
}

void eraseEntry(oj& doc, const char* name, const std::string& pointer) {
    oj& list = listOf(doc, name);
    list.erase(list.begin() + static_cast<std::ptrdiff_t>(indexOf(pointer)));
}
} // namespace

void BankDocument::setQuestion(std::size_t index, const Question& q) {
    setEntry(m->doc, "questions", m->bank.questions.at(index).pointer, questionJson(q), kQuestionOrder);
    reload();
}

std::size_t BankDocument::addQuestion(const Question& q) {
    return insertQuestion(m->bank.questions.size(), q);
}

std::size_t BankDocument::insertQuestion(std::size_t index, const Question& q) {
    oj& list = listOf(m->doc, "questions");
    const std::size_t at =
        index < m->bank.questions.size() ? indexOf(m->bank.questions[index].pointer) : list.size();
    list.insert(list.begin() + static_cast<std::ptrdiff_t>(at), questionJson(q));
    reload();
    return std::min(index, m->bank.questions.size() - 1);
}

std::size_t BankDocument::duplicateQuestion(std::size_t index, const std::string& newId) {
    oj& list = listOf(m->doc, "questions");
    const std::size_t at = indexOf(m->bank.questions.at(index).pointer);
    oj copy = list[at];
    copy["id"] = newId;
    list.insert(list.begin() + static_cast<std::ptrdiff_t>(at + 1), std::move(copy));
    reload();
    return index + 1;
}

void BankDocument::deleteQuestion(std::size_t index) {
    eraseEntry(m->doc, "questions", m->bank.questions.at(index).pointer);
    reload();
}

void BankDocument::setTopic(std::size_t index, const Topic& t) {
    setEntry(m->doc, "topics", m->bank.topics.at(index).pointer, topicJson(t), kTopicOrder);
    reload();
}

std::size_t BankDocument::addTopic(const Topic& t) {
    listOf(m->doc, "topics").push_back(topicJson(t));
    reload();
    return m->bank.topics.size() - 1;
}

void BankDocument::deleteTopic(std::size_t index) {
    eraseEntry(m->doc, "topics", m->bank.topics.at(index).pointer);
    reload();
}

void BankDocument::setCaseStudy(std::size_t index, const CaseStudy& cs) {
    setEntry(m->doc, "case_studies", m->bank.caseStudies.at(index).pointer, caseStudyJson(cs), kCaseOrder);
    reload();
}

std::size_t BankDocument::addCaseStudy(const CaseStudy& cs) {
    listOf(m->doc, "case_studies").push_back(caseStudyJson(cs));
    reload();
    return m->bank.caseStudies.size() - 1;
}

void BankDocument::deleteCaseStudy(std::size_t index) {
    eraseEntry(m->doc, "case_studies", m->bank.caseStudies.at(index).pointer);
    reload();
}

std::vector<Diagnostic> BankDocument::validate(const std::vector<fs::path>& otherBanks) const {
    if (otherBanks.empty()) return loadBankFile(SourceFile(m->path.string(), m->text)).diagnostics;
    BankSetOptions options;
    options.unsaved.emplace_back(m->path, m->text);
    const BankSet set = BankSet::load(otherBanks, options);
    std::vector<Diagnostic> mine;
    for (const auto& d : set.diagnostics())
        if (d.file == m->path.string()) mine.push_back(d);
    return mine;
}

SaveResult BankDocument::save() {
    SaveResult r = saveFileAtomically(m->path, m->text);
    if (r.ok) {
        m->setSaved(m->text);
        m->doc = m->savedDoc;
    }
    return r;
}

SaveResult saveFileAtomically(const fs::path& path, const std::string& content) {
    SaveResult r;
    auto fail = [&](const std::string& what) {
        r.error = fmt::format("{}: {}: {}", path.string(), what, std::strerror(errno));
        return r;
    };
    std::error_code ec;
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    fs::create_directories(dir, ec);
    std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) return fail("cannot create a temporary file in the folder");
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int saved = errno;
            ::close(fd);
            ::unlink(tmpl.c_str());
            errno = saved;
            return fail("cannot write");
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) {
        const int saved = errno;
        ::close(fd);
        ::unlink(tmpl.c_str());
        errno = saved;
        return fail("cannot flush to disk");
    }
    ::close(fd);
    if (fs::exists(path, ec)) {
        const fs::path backup = path.string() + ".bak";
        fs::copy_file(path, backup, fs::copy_options::overwrite_existing, ec);
        if (ec) {
            ::unlink(tmpl.c_str());
            r.error = fmt::format("{}: cannot keep a backup in {}: {}", path.string(), backup.string(),
                                  ec.message());
            return r;
        }
        r.backup = backup;
    }
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        const int saved = errno;
        ::unlink(tmpl.c_str());
        errno = saved;
        return fail("cannot replace the file");
    }
    // The rename itself must reach the disk too.
    if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
    r.ok = true;
    return r;
}

fs::path userBankPath(const Bank& bank) {
    const fs::path file = fs::path(bank.path).filename();
    return userBanksDir() / (file.empty() ? fs::path(bank.info.id + ".json") : file);
}

} // namespace examsim::core
