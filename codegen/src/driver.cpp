// Runs one compilation from files to outputs: the only part of ucom-idl that reads or writes disk.
#include "driver.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <unistd.h>

#include "lexer.hpp"
#include "parser.hpp"
#include "resolve.hpp"
#include "writers.hpp"

namespace ucom::idl {
namespace {

void mark_imported(std::vector<decl_ptr> &decls)
{
    for (auto &d : decls) {
        d->imported = true;
        if (auto *lib = as<library_decl>(d.get())) {
            mark_imported(lib->members);
        } else if (auto *itf = as<interface_decl>(d.get())) {
            mark_imported(itf->members);
        } else if (auto *mod = as<module_decl>(d.get())) {
            mark_imported(mod->members);
        }
    }
}

idl_file &parse_file(compilation &unit, file_id file, const preprocessor_options &options)
{
    auto tokens = preprocess(unit.sources, file, options, unit.diags);
    unit.files.push_back(std::make_unique<idl_file>(parse(tokens, file, unit.sources, unit.diags)));
    return *unit.files.back();
}

// Loads what each file imports, breadth first; a file imported twice (or in a cycle) is
// read once. Returns false when an import could not be read.
bool load_imports(compilation &unit, const preprocessor_options &options)
{
    bool all_read = true;
    for (std::size_t next = 0; next < unit.files.size() && !unit.diags.should_stop(); ++next) {
        for (auto &d : unit.files[next]->decls) {
            auto *import = as<import_decl>(d.get());
            if (import == nullptr) {
                continue;
            }
            import->files.clear();
            for (std::size_t i = 0; i < import->paths.size(); ++i) {
                const auto &name = import->paths[i];
                auto where = i < import->path_locations.size() ? import->path_locations[i] : import->location;
                auto found = find_include(name, unit.sources.path(where.file), options.include_dirs, false);
                if (!found) {
                    unit.diags.report(where, diag::err_import_not_found, name);
                    all_read = false;
                    continue;
                }
                read_failure why;
                auto file = unit.sources.load(*found, where, &why, inclusion::import);
                if (!file) {
                    report_read_failure(unit.diags, where, found->string(), why);
                    all_read = false;
                    continue;
                }
                import->files.push_back(*file);
                if (unit.find(*file) == nullptr) {
                    mark_imported(parse_file(unit, *file, options).decls);
                }
            }
        }
    }
    return all_read;
}

// An output as it is now, to compare with the new text; no larger than that text, so that
// an output path that is a FIFO or device neither hangs nor fills memory (it is replaced).
std::optional<std::string> read_existing(const std::filesystem::path &path, std::size_t new_size)
{
    auto read = read_regular_file(path, new_size);
    if (read.failure) {
        return std::nullopt;
    }
    return std::move(read.text);
}

// Each output goes to a temporary file in the same folder first; only when every one of
// them is written are they renamed over the targets, so the usual failures (a full disk, a
// folder where a file should be) leave the old outputs, not a mix of old and new (only a
// rename failing after others succeeded could). An output whose
// content did not change is not rewritten, so builds do not churn.
std::optional<std::string> write_outputs(const std::vector<std::pair<std::filesystem::path, std::string>> &outputs,
                                         std::string &failed_path)
{
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> staged; // temp, target
    auto discard = [&] {
        std::error_code ignored;
        for (const auto &[temp, target] : staged) {
            std::filesystem::remove(temp, ignored);
        }
    };
    for (const auto &[path, text] : outputs) {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) { // the one failure a rename meets late
            failed_path = path.string();
            discard();
            return std::string("is a directory");
        }
        if (auto existing = read_existing(path, text.size()); existing && *existing == text) {
            continue;
        }
        auto temp = path;
        temp += fmt::format(".tmp{}", ::getpid());
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (out) {
            staged.emplace_back(temp, path);
            out << text;
            out.close();
        }
        if (!out) {
            failed_path = path.string();
            auto why = std::string(std::strerror(errno));
            discard();
            return why;
        }
    }
    for (const auto &[temp, target] : staged) {
        std::error_code ec;
        std::filesystem::rename(temp, target, ec);
        if (ec) {
            failed_path = target.string();
            discard();
            return ec.message();
        }
    }
    return std::nullopt;
}

std::string depfile_path(const std::filesystem::path &p)
{
    std::string out;
    for (char c : p.string()) {
        if (c == '$') {
            out += '$'; // make's escape for '$'
        } else if (c == ' ' || c == '#' || c == ':') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

} // namespace

int compile_file(const std::filesystem::path &input, const driver_options &options, std::FILE *diagnostics_out)
{
    compilation unit;
    unit.sources.limit_file_size(options.preprocessing.limits.file_size);
    read_failure why;
    auto main_file = unit.sources.load(input, {}, &why);
    if (!main_file) {
        report_read_failure(unit.diags, {}, input.string(), why);
        unit.diags.print(diagnostics_out, unit.sources);
        return 1;
    }
    parse_file(unit, *main_file, options.preprocessing);
    // Without an imported file, every name it declares would be reported unknown, burying
    // the one error that matters: as a compiler stops after a missing #include, names are
    // not resolved then.
    const bool imports_read = load_imports(unit, options.preprocessing);
    if (imports_read && !unit.diags.should_stop()) {
        resolve(unit);
    }
    unit.diags.print(diagnostics_out, unit.sources);
    if (unit.diags.has_errors()) {
        return 1;
    }

    writer_options names;
    names.source_name = input.filename().string();
    names.stem = input.stem().string();
    // Every writer runs before anything is written: a writer failure leaves no partial set.
    std::vector<std::pair<std::filesystem::path, std::string>> outputs;
    const auto &dir = options.output_dir;
    if (options.emit.header) {
        outputs.emplace_back(dir / (names.stem + ".h"), write_c_header(unit, names));
    }
    if (options.emit.impl) {
        outputs.emplace_back(dir / (names.stem + "_impl.hpp"), write_cpp_glue(unit, names));
    }
    if (options.emit.client) {
        outputs.emplace_back(dir / (names.stem + "_client.hpp"), write_cpp_client(unit, names));
    }
    if (options.emit.json) {
        outputs.emplace_back(dir / (names.stem + ".json"), write_json(unit, names));
    }
    if (options.emit.descriptor) {
        outputs.emplace_back(dir / (names.stem + "_descriptor.c"), write_descriptor(unit, names));
    }
    if (options.depfile && !outputs.empty()) {
        std::string deps = depfile_path(outputs.front().first) + ":";
        for (const auto &file : unit.sources.disk_files()) {
            deps += " \\\n  " + depfile_path(file);
        }
        outputs.emplace_back(*options.depfile, deps + "\n");
    }
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    std::string failed_path;
    if (auto failure = write_outputs(outputs, failed_path)) {
        unit.diags.report({}, diag::err_cannot_write_file, failed_path, *failure);
        unit.diags.print(diagnostics_out, unit.sources);
        return 1;
    }
    return 0;
}

std::vector<std::filesystem::path> default_idl_dirs(const std::filesystem::path &executable)
{
    std::vector<std::filesystem::path> dirs;
    std::error_code ec;
    auto installed = executable.parent_path() / ".." / "share" / "ucom" / "idl";
    if (std::filesystem::is_directory(installed, ec)) {
        dirs.push_back(std::filesystem::weakly_canonical(installed, ec));
    }
#ifdef UCOM_IDL_SOURCE_DIR
    dirs.emplace_back(UCOM_IDL_SOURCE_DIR);
#endif
    return dirs;
}

} // namespace ucom::idl
