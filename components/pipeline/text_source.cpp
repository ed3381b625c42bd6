// Ucom.Pipeline.TextSource (text_source.idl): a text file, line by line. The first stage of
// the pipeline; the tokenizer and the word statistics activate it through the runtime. Open
// is written in C++ types, ReadLine with the raw ABI signature (both forms in one class).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>

#include <ucom/error.hpp>
#include <ucom/module.hpp>
#include <ucom/task_memory.hpp>

#include "text_source_impl.hpp"

namespace {

constexpr const char *origin = "Ucom.Pipeline.TextSource";

struct file_closer {
    void operator()(std::FILE *file) const noexcept { std::fclose(file); }
};
using file_handle = std::unique_ptr<std::FILE, file_closer>;

[[noreturn]] void fail_to_open(const std::string &path, int error_number)
{
    const HRESULT code = error_number == EACCES ? E_ACCESSDENIED : error_number == ENOENT ? E_INVALIDARG : E_FAIL;
    throw ucom::hresult_error(code, "cannot open '" + path + "': " + std::strerror(error_number), origin);
}

class text_source : public ucom::implements<text_source, ITextSource> {
public:
    void Open(std::string_view path_view)
    {
        const std::string path(path_view);
        std::error_code ignored;
        if (std::filesystem::is_directory(path, ignored)) {
            throw ucom::hresult_error(E_INVALIDARG, "cannot open '" + path + "': it is a folder", origin);
        }
        file_handle opened(std::fopen(path.c_str(), "r"));
        if (!opened) {
            const int error_number = errno;
            fail_to_open(path, error_number);
        }
        const std::lock_guard lock(mutex_);
        file_ = std::move(opened);
        path_ = path;
    }

    // The raw ABI signature: its contract hands out *line = NULL with S_FALSE after the last
    // line, which the form in C++ types cannot say (it writes a string for every success).
    HRESULT ReadLine(char **line)
    {
        if (line == nullptr) {
            return E_POINTER;
        }
        const std::lock_guard lock(mutex_);
        if (!file_) {
            throw ucom::hresult_error(E_UNEXPECTED, "no file is open: call Open first", origin);
        }
        std::string text;
        int c = 0;
        while ((c = std::getc(file_.get())) != EOF && c != '\n') {
            text.push_back(static_cast<char>(c));
        }
        if (std::ferror(file_.get()) != 0) {
            const int error_number = errno;
            throw ucom::hresult_error(E_FAIL, "cannot read '" + path_ + "': " + std::strerror(error_number), origin);
        }
        if (c == EOF && text.empty()) {
            *line = nullptr;
            return S_FALSE;
        }
        if (!text.empty() && text.back() == '\r') {
            text.pop_back();
        }
        *line = ucom::task_strdup(text);
        return S_OK;
    }

private:
    std::mutex mutex_;
    file_handle file_;
    std::string path_;
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<text_source>(CLSID_TextSource))
