#include "core/bank_set.hpp"

#include "core/bank_loader.hpp"
#include "core/source_file.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <set>
#include <system_error>

namespace examsim::core {

namespace fs = std::filesystem;

namespace {

struct Pending {
    std::unique_ptr<SourceFile> source;
    Bank bank;
    std::vector<Diagnostic> fileDiagnostics;
    std::size_t statusIndex = 0;
    std::size_t pathIndex = 0; // which of the paths given it came from (later paths override)
};

struct FoundFile {
    fs::path path;
    std::size_t pathIndex;
};

std::vector<FoundFile> expand(const std::vector<fs::path>& paths, std::vector<Diagnostic>& out) {
    std::vector<FoundFile> files;
    for (std::size_t index = 0; index < paths.size(); ++index) {
        const fs::path& p = paths[index];
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<fs::path> found;
            for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
                if (it->path().extension() == ".json" && it->path().filename().string()[0] != '.')
                    found.push_back(it->path());
            if (ec) {
                Diagnostic d;
                d.file = p.string();
                d.message = fmt::format("cannot list the folder: {}", ec.message());
                out.push_back(d);
            }
            std::sort(found.begin(), found.end());
            for (auto& f : found) files.push_back(FoundFile{std::move(f), index});
        } else if (fs::exists(p, ec) || (ec && ec != std::errc::no_such_file_or_directory)) {
            files.push_back(FoundFile{p, index}); // SourceFile::read says what is wrong with it
        } else {
            Diagnostic d;
            d.file = p.string();
            d.message = "no such file or folder";
            out.push_back(d);
        }
    }
    return files;
}

std::string suggestion(const std::string& wanted, const std::vector<std::string>& known) {
    std::string best;
    std::size_t bestDistance = 4;
    for (const auto& k : known) {
        const std::size_t d = editDistance(wanted, k);
        if (d < bestDistance) bestDistance = d, best = k;
    }
    return best.empty() ? "" : fmt::format(R"( (did you mean "{}"?))", best);
}

// The checks that need every bank of the set. Returns, per pending bank, the findings about it.
std::vector<std::vector<Diagnostic>> checkAcross(const std::vector<Pending*>& banks) {
    std::vector<std::vector<Diagnostic>> found(banks.size());
    struct Where {
        std::size_t bank;
        std::string pointer;
    };
    std::map<std::string, Where> bankIds, topics, cases, questions;
    std::vector<std::string> topicNames, caseNames;

    auto firstAt = [&](const Where& w) { return banks[w.bank]->source->location(w.pointer); };
    auto claim = [&](std::map<std::string, Where>& seen, const std::string& id, std::size_t b, const std::string& ptr,
                     const char* what, Severity severity) {
        if (id.empty()) return;
        auto [it, fresh] = seen.emplace(id, Where{b, ptr});
        if (!fresh)
            found[b].push_back(banks[b]->source->at(
                severity, ptr, fmt::format(R"(duplicate {} id "{}" (first defined at {}))", what, id, firstAt(it->second))));
    };

    for (std::size_t b = 0; b < banks.size(); ++b) {
        const Bank& bank = banks[b]->bank;
        claim(bankIds, bank.info.id, b, "/bank/id", "bank", Severity::Error);
        for (const auto& t : bank.topics) claim(topics, t.id, b, t.pointer + "/id", "topic", Severity::Error);
        for (const auto& c : bank.caseStudies) claim(cases, c.id, b, c.pointer + "/id", "case study", Severity::Error);
        for (const auto& q : bank.questions) claim(questions, q.id, b, q.pointer + "/id", "question", Severity::Error);
    }
    for (const auto& [id, w] : topics) topicNames.push_back(id);
    for (const auto& [id, w] : cases) caseNames.push_back(id);

    std::map<std::string, std::string> parents;
    for (const Pending* p : banks)
        for (const auto& t : p->bank.topics) parents.emplace(t.id, t.parent);

    for (std::size_t b = 0; b < banks.size(); ++b) {
        const Bank& bank = banks[b]->bank;
        const SourceFile& src = *banks[b]->source;
        auto topicRef = [&](const std::string& id, const std::string& ptr, Severity sev) {
            if (!id.empty() && !topics.count(id))
                found[b].push_back(src.at(sev, ptr, fmt::format(R"(unknown topic "{}"{})", id, suggestion(id, topicNames))));
        };
        for (const auto& t : bank.topics) {
            topicRef(t.parent, t.pointer + "/parent", Severity::Error);
            // Walk up the parents; a walk longer than the number of topics has met a cycle.
            std::vector<std::string> chain{t.id};
            std::string cur = t.parent;
            while (!cur.empty() && chain.size() <= parents.size()) {
                chain.push_back(cur);
                if (cur == t.id) {
                    found[b].push_back(src.at(Severity::Error, t.pointer + "/parent",
                                              fmt::format("cycle of parent topics: {}", join(chain, " -> "))));
                    break;
                }
                const auto it = parents.find(cur);
                cur = it == parents.end() ? "" : it->second;
            }
        }
        for (const auto& c : bank.caseStudies) topicRef(c.theme, c.pointer + "/theme", Severity::Error);
        for (const auto& q : bank.questions) {
            const Severity sev = q.status == Status::Draft ? Severity::Warning : Severity::Error;
            topicRef(q.topic, q.pointer + "/topic", sev);
            for (std::size_t i = 0; i < q.secondaryTopics.size(); ++i)
                topicRef(q.secondaryTopics[i], fmt::format("{}/secondary_topics/{}", q.pointer, i), sev);
            if (!q.caseStudy.empty() && !cases.count(q.caseStudy))
                found[b].push_back(src.at(sev, q.pointer + "/case_study",
                                          fmt::format(R"(unknown case study "{}"{})", q.caseStudy,
                                                      suggestion(q.caseStudy, caseNames))));
        }
    }
    return found;
}

bool anyError(const std::vector<Diagnostic>& ds) {
    return std::any_of(ds.begin(), ds.end(), [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

// Issue 8: a bank of a later path (the user's edited copy) overrides the banks of earlier paths that
// have the same id; a later bank with errors of its own overrides nothing, so the shipped one stays.
// Marks the overridden banks and adds a note to each.
std::vector<bool> findOverrides(std::vector<Pending>& pending, std::vector<BankFileStatus>& files) {
    std::vector<bool> overridden(pending.size(), false);
    for (std::size_t i = 0; i < pending.size(); ++i) {
        const std::string& id = pending[i].bank.info.id;
        if (id.empty()) continue;
        for (std::size_t j = 0; j < pending.size(); ++j) {
            const Pending& later = pending[j];
            if (later.pathIndex <= pending[i].pathIndex || later.bank.info.id != id || anyError(later.fileDiagnostics))
                continue;
            overridden[i] = true;
            files[pending[i].statusIndex].overriddenBy = later.source->path();
            pending[i].fileDiagnostics.push_back(pending[i].source->at(
                Severity::Note, "/bank/id",
                fmt::format(R"(bank "{}" is overridden by {}, which is loaded instead)", id, later.source->path())));
            break;
        }
    }
    return overridden;
}

} // namespace

BankSet BankSet::load(const std::vector<fs::path>& paths, const BankSetOptions& options) {
    BankSet set;
    auto files = expand(paths, set.m_diagnostics);
    // Relative or absolute, with or without "..": the same file is the same file.
    auto same = [](const fs::path& a, const fs::path& b) {
        std::error_code ea, eb;
        const fs::path ca = fs::weakly_canonical(a, ea), cb = fs::weakly_canonical(b, eb);
        return ea || eb ? a.lexically_normal() == b.lexically_normal() : ca == cb;
    };
    auto unsavedFor = [&](const fs::path& path) -> const std::pair<fs::path, std::string>* {
        for (const auto& u : options.unsaved)
            if (same(u.first, path)) return &u;
        return nullptr;
    };
    for (const auto& unsaved : options.unsaved) {
        const fs::path& p = unsaved.first; // not a structured binding: clang 14 cannot capture those
        const bool listed =
            std::any_of(files.begin(), files.end(), [&](const FoundFile& f) { return same(f.path, p); });
        if (!listed) files.push_back(FoundFile{p, paths.size()});
    }
    std::vector<Pending> pending;
    pending.reserve(files.size());
    for (const auto& [path, pathIndex] : files) {
        std::variant<SourceFile, Diagnostic> read = Diagnostic{};
        // Findings about an unsaved text name the path its editor gave.
        if (const auto* unsaved = unsavedFor(path)) read.emplace<SourceFile>(unsaved->first.string(), unsaved->second);
        else read = SourceFile::read(path, options.maxFileBytes);
        BankFileStatus status;
        status.path = path.string();
        if (auto* problem = std::get_if<Diagnostic>(&read)) {
            status.errors = 1;
            set.m_diagnostics.push_back(*problem);
            set.m_files.push_back(status);
            continue;
        }
        auto source = std::make_unique<SourceFile>(std::move(std::get<SourceFile>(read)));
        BankFileResult result = loadBankFile(*source, options.limits);
        if (result.kind == BankFileResult::Kind::OtherFormat) continue;
        if (result.kind == BankFileResult::Kind::Broken || !result.bank) {
            const auto c = count(result.diagnostics);
            status.errors = c.errors, status.warnings = c.warnings;
            set.m_diagnostics.insert(set.m_diagnostics.end(), result.diagnostics.begin(), result.diagnostics.end());
            set.m_files.push_back(status);
            continue;
        }
        status.bankId = result.bank->info.id;
        status.title = result.bank->info.title;
        status.questions = result.bank->questions.size();
        set.m_files.push_back(status);
        pending.push_back(Pending{std::move(source), std::move(*result.bank), std::move(result.diagnostics),
                                  set.m_files.size() - 1, pathIndex});
    }
    const auto overridden = findOverrides(pending, set.m_files);

    // Banks with errors of their own never join; then drop, one round at a time, banks whose references
    // fail, since a dropped bank may have defined topics that others use.
    std::vector<Pending*> candidates;
    std::vector<std::vector<Diagnostic>> acrossFindings(pending.size());
    for (std::size_t i = 0; i < pending.size(); ++i)
        if (!anyError(pending[i].fileDiagnostics) && !overridden[i]) candidates.push_back(&pending[i]);
    while (true) {
        auto findings = checkAcross(candidates);
        std::vector<Pending*> kept;
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            const std::size_t idx = static_cast<std::size_t>(candidates[i] - pending.data());
            acrossFindings[idx] = findings[i];
            if (!anyError(findings[i])) kept.push_back(candidates[i]);
        }
        if (kept.size() == candidates.size()) break;
        candidates = std::move(kept);
    }
    std::set<const Pending*> accepted(candidates.begin(), candidates.end());
    for (std::size_t i = 0; i < pending.size(); ++i) {
        Pending& p = pending[i];
        std::vector<Diagnostic> all = p.fileDiagnostics;
        all.insert(all.end(), acrossFindings[i].begin(), acrossFindings[i].end());
        std::stable_sort(all.begin(), all.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return a.line != b.line ? a.line < b.line : a.column < b.column;
        });
        const auto c = count(all);
        BankFileStatus& status = set.m_files[p.statusIndex];
        status.errors = c.errors, status.warnings = c.warnings;
        status.loaded = accepted.count(&p) > 0;
        set.m_diagnostics.insert(set.m_diagnostics.end(), all.begin(), all.end());
        if (status.loaded) set.m_banks.push_back(std::move(p.bank));
    }
    set.buildIndexes();
    return set;
}

void BankSet::buildIndexes() {
    for (std::size_t b = 0; b < m_banks.size(); ++b) {
        for (std::size_t i = 0; i < m_banks[b].topics.size(); ++i) m_topicIndex.emplace(m_banks[b].topics[i].id, std::pair{b, i});
        for (std::size_t i = 0; i < m_banks[b].caseStudies.size(); ++i)
            m_caseIndex.emplace(m_banks[b].caseStudies[i].id, std::pair{b, i});
        for (std::size_t i = 0; i < m_banks[b].questions.size(); ++i)
            m_questionIndex.emplace(m_banks[b].questions[i].id, std::pair{b, i});
    }
}

const Topic* BankSet::topic(const std::string& id) const {
    const auto it = m_topicIndex.find(id);
    return it == m_topicIndex.end() ? nullptr : &m_banks[it->second.first].topics[it->second.second];
}

const CaseStudy* BankSet::caseStudy(const std::string& id) const {
    const auto it = m_caseIndex.find(id);
    return it == m_caseIndex.end() ? nullptr : &m_banks[it->second.first].caseStudies[it->second.second];
}

const Question* BankSet::question(const std::string& id) const {
    const auto it = m_questionIndex.find(id);
    return it == m_questionIndex.end() ? nullptr : &m_banks[it->second.first].questions[it->second.second];
}

const Bank* BankSet::bankOf(const std::string& questionId) const {
    const auto it = m_questionIndex.find(questionId);
    return it == m_questionIndex.end() ? nullptr : &m_banks[it->second.first];
}

std::string BankSet::topGroup(const std::string& topicId) const {
    const Topic* t = topic(topicId);
    if (!t) return "";
    for (std::size_t guard = 0; !t->parent.empty() && guard < m_topicIndex.size(); ++guard) {
        const Topic* parent = topic(t->parent);
        if (!parent) break;
        t = parent;
    }
    return t->id;
}

std::string BankSet::partOf(const std::string& topicId) const {
    const Topic* t = topic(topicId);
    for (std::size_t guard = 0; t && guard <= m_topicIndex.size(); ++guard) {
        if (!t->part.empty()) return t->part;
        t = t->parent.empty() ? nullptr : topic(t->parent);
    }
    return "";
}

std::vector<const Topic*> BankSet::topics() const {
    std::vector<const Topic*> out;
    for (const auto& b : m_banks)
        for (const auto& t : b.topics) out.push_back(&t);
    return out;
}

} // namespace examsim::core
