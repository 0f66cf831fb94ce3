#include "app/file_dialog.hpp"

#include <algorithm>
#include <imgui.h>
#include <imgui_stdlib.h>
#include <system_error>

namespace examsim::app {

namespace fs = std::filesystem;

void SaveDialog::open(const std::string& title, const fs::path& folder, const std::string& fileName, const std::string& confirm) {
    m_title = title;
    m_confirm = confirm;
    std::error_code ec;
    m_folder = fs::is_directory(folder, ec) ? folder : fs::current_path(ec);
    m_name = fileName;
    m_openRequested = true;
    list();
}

void SaveDialog::list() {
    m_entries.clear();
    std::error_code ec;
    for (fs::directory_iterator it(m_folder, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        m_entries.push_back(it->path());
    }
    std::sort(m_entries.begin(), m_entries.end(), [](const fs::path& a, const fs::path& b) {
        std::error_code e;
        const bool da = fs::is_directory(a, e), db = fs::is_directory(b, e);
        return da != db ? da : a.filename() < b.filename();
    });
}

bool SaveDialog::draw(const AppContext& ctx) {
    const std::string id = m_title + "##save";
    if (m_openRequested) {
        ImGui::OpenPopup(id.c_str());
        m_openRequested = false;
        m_open = true;
    }
    if (!m_open) return false;
    bool confirmed = false;
    const ImVec2 size(ImGui::GetFontSize() * 36, ImGui::GetFontSize() * 24);
    ImGui::SetNextWindowSize(size, ImGuiCond_Appearing);
    if (ImGui::BeginPopupModal(id.c_str(), nullptr)) {
        ImGui::TextColored(ctx.colors.muted, "Folder: %s", m_folder.string().c_str());
        if (ImGui::Button("Up one folder") && m_folder.has_parent_path() && m_folder.parent_path() != m_folder) {
            m_folder = m_folder.parent_path();
            list();
        }
        ImGui::BeginChild("entries", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 2.3f), true);
        fs::path enter;
        for (const auto& e : m_entries) {
            std::error_code ec;
            const bool dir = fs::is_directory(e, ec);
            const std::string label = (dir ? "[folder] " : "") + e.filename().string();
            if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_AllowDoubleClick)) {
                if (dir) enter = e;
                else m_name = e.filename().string();
            }
        }
        ImGui::EndChild();
        if (!enter.empty()) {
            m_folder = enter;
            list();
        }
        const ImGuiStyle& style = ImGui::GetStyle();
        const float buttons = ImGui::CalcTextSize("File name").x + ImGui::CalcTextSize(m_confirm.c_str()).x + ImGui::CalcTextSize("Cancel").x +
                              style.FramePadding.x * 4 + style.ItemSpacing.x * 3 + style.ItemInnerSpacing.x;
        ImGui::SetNextItemWidth(-buttons);
        const bool enterKey = ImGui::InputText("File name", &m_name, ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if ((ImGui::Button(m_confirm.c_str()) || enterKey) && !m_name.empty()) {
            m_path = m_folder / m_name;
            confirmed = true;
            m_open = false;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
            m_open = false;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    } else {
        m_open = false;
    }
    return confirmed;
}

} // namespace examsim::app
