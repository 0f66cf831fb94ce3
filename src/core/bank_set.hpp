// All the banks loaded together from one or more folders: the shared topic taxonomy, case studies and
// questions, the checks across banks, and lookups. Banks with errors are reported and left out; the
// others load.
#pragma once

#include "core/bank.hpp"
#include "core/diagnostic.hpp"
#include "core/json_scan.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace examsim::core {

struct BankSetOptions {
    JsonLimits limits;
    std::size_t maxFileBytes = 64u * 1024u * 1024u;
    // Issue 8: texts not yet saved (an editor's bank), read instead of the file of that path; a path
    // that none of the folders or files given holds is added after them.
    std::vector<std::pair<std::filesystem::path, std::string>> unsaved;
};

struct BankFileStatus {
    std::string path;
    bool loaded = false;
    std::string bankId;     // when the file is a bank whose id could be read
    std::string title;
    std::size_t questions = 0;
    int errors = 0;
    int warnings = 0;
    std::string overriddenBy; // issue 8: the file of a later folder whose bank has the same id
};

class BankSet {
public:
    // Each path is a folder (its *.json files, not sub-folders) or a single file. A bank whose id is
    // also the id of a bank from a LATER path (the user's banks after the shipped ones) is overridden:
    // it is left out with a note, unless the later bank has errors of its own. Within one path, two
    // banks with the same id are an error.
    static BankSet load(const std::vector<std::filesystem::path>& paths, const BankSetOptions& options = {});

    const std::vector<Bank>& banks() const { return m_banks; }
    const std::vector<Diagnostic>& diagnostics() const { return m_diagnostics; }
    const std::vector<BankFileStatus>& files() const { return m_files; }
    DiagnosticCounts counts() const { return count(m_diagnostics); }

    const Topic* topic(const std::string& id) const;
    const CaseStudy* caseStudy(const std::string& id) const;
    const Question* question(const std::string& id) const;
    const Bank* bankOf(const std::string& questionId) const;
    // The top-level ancestor of a topic (the topic itself when it has no parent); "" if unknown.
    std::string topGroup(const std::string& topicId) const;
    // The part of ISO/IEC 20000 a topic covers, inherited from its ancestors; "" when none.
    std::string partOf(const std::string& topicId) const;
    std::vector<const Topic*> topics() const; // in load order

private:
    std::vector<Bank> m_banks;
    std::vector<Diagnostic> m_diagnostics;
    std::vector<BankFileStatus> m_files;
    std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> m_topicIndex;    // bank, index
    std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> m_caseIndex;
    std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> m_questionIndex;
    void buildIndexes();
};

} // namespace examsim::core
