// Runs one compilation from files to outputs: the only part of ucom-idl that reads or writes disk.
#include "driver.hpp"

#include <cstring>
#include <optional>

#include <ucom/atomic_file/atomic_file.hpp>

#include "api_snapshot.hpp"
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

// Hands a writer's text to the file being staged as it comes; after a failure the rest is
// dropped and the failure kept for the driver to report.
class staging_sink final : public text_sink {
public:
    explicit staging_sink(atomic_file::staged_set &files) : files_(files) {}

    void write(std::string_view text) override
    {
        if (failure) {
            return;
        }
        if (auto appended = files_.append(text); !appended) {
            failure = std::move(appended.error());
        }
    }

    std::optional<atomic_file::write_failure> failure;

private:
    atomic_file::staged_set &files_;
};

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

// Parses the main file and what it imports, then resolves them.
std::unique_ptr<const resolved_model> resolve_file(compilation &unit, file_id main_file,
                                                   const preprocessor_options &preprocessing)
{
    parse_file(unit, main_file, preprocessing);
    // Without an imported file, every name it declares would be reported unknown, burying
    // the one error that matters: as a compiler stops after a missing #include, names are
    // not resolved then.
    const bool imports_read = load_imports(unit, preprocessing);
    if (!imports_read || unit.diags.should_stop()) {
        return nullptr;
    }
    return resolve(unit);
}

} // namespace

std::unique_ptr<const resolved_model> read_model(const std::filesystem::path &input,
                                                 const preprocessor_options &preprocessing, compilation &unit)
{
    unit.sources.limit_file_size(preprocessing.limits.file_size);
    read_failure why;
    auto main_file = unit.sources.load(input, {}, &why);
    if (!main_file) {
        report_read_failure(unit.diags, {}, input.string(), why);
        return nullptr;
    }
    return resolve_file(unit, *main_file, preprocessing);
}

std::unique_ptr<const resolved_model> read_model_from_text(std::string name, std::string text,
                                                           const preprocessor_options &preprocessing,
                                                           compilation &unit)
{
    const file_id main_file = unit.sources.add_buffer(std::move(name), std::move(text));
    return resolve_file(unit, main_file, preprocessing);
}

int compile_file(const std::filesystem::path &input, const driver_options &options, std::FILE *diagnostics_out)
{
    compilation unit;
    auto model = read_model(input, options.preprocessing, unit);
    unit.diags.print(diagnostics_out, unit.sources);
    if (unit.diags.has_errors() || !model) {
        return 1;
    }

    writer_options names;
    names.source_name = input.filename().string();
    names.stem = input.stem().string();
    // Each output is staged (written to a temporary file beside its target) as its writer
    // writes it, so that a large file never holds an output in memory; nothing is renamed into place before every writer has run and every
    // output is staged, so a failure leaves the old outputs. One whose content did not
    // change is left alone, so builds do not churn.
    atomic_file::staged_set files(atomic_file::rewrite::if_changed);
    const auto &dir = options.output_dir;
    std::optional<std::filesystem::path> first_output;
    std::optional<atomic_file::write_failure> failed;
    const auto stage = [&](const std::filesystem::path &path, auto write) {
        if (failed) {
            return;
        }
        if (!first_output) {
            std::error_code ec;
            std::filesystem::create_directories(dir, ec);
            first_output = path;
        }
        staging_sink sink(files);
        if (auto begun = files.begin(path); !begun) {
            failed = std::move(begun.error());
            return;
        }
        write(*model, names, sink);
        if (sink.failure) {
            failed = std::move(sink.failure);
        } else if (auto ended = files.end(); !ended) {
            failed = std::move(ended.error());
        }
    };
    if (options.emit.header) {
        stage(dir / (names.stem + ".h"), write_c_header);
    }
    if (options.emit.impl) {
        stage(dir / (names.stem + "_impl.hpp"), write_cpp_glue);
    }
    if (options.emit.client) {
        stage(dir / (names.stem + "_client.hpp"), write_cpp_client);
    }
    if (options.emit.json) {
        stage(dir / (names.stem + ".json"), write_json);
    }
    if (options.emit.descriptor) {
        stage(dir / (names.stem + "_descriptor.c"), write_descriptor);
    }
    if (options.emit.uses) {
        stage(dir / (names.stem + "_uses.c"), write_uses);
    }
    if (options.emit.api) {
        stage(dir / (names.stem + ".api.json"),
              [](const resolved_model &m, const writer_options &o, text_sink &out) { write_api_snapshot(m, o, out); });
    }
    if (options.emit.rust) {
        stage(dir / (names.stem + ".rs"), write_rust);
    }
    if (options.emit.rust_descriptor) {
        stage(dir / (names.stem + "_descriptor.rs"), write_rust_descriptor);
    }
    if (options.emit.rust_uses) {
        stage(dir / (names.stem + "_uses.rs"), write_rust_uses);
    }
    if (options.depfile && first_output && !failed) {
        std::string deps = depfile_path(*first_output) + ":";
        for (const auto &file : unit.sources.disk_files()) {
            deps += " \\\n  " + depfile_path(file);
        }
        if (auto staged = files.add(*options.depfile, deps + "\n"); !staged) {
            failed = std::move(staged.error());
        }
    }
    if (!failed) {
        if (auto committed = files.commit(); !committed) {
            failed = std::move(committed.error());
        }
    }
    if (failed) {
        unit.diags.report({}, diag::err_cannot_write_file, failed->target.string(), std::strerror(failed->code));
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

namespace {

// The snapshot of `input`: the file itself when it is one, else the snapshot of the IDL
// file compiled; nullopt after printing why there is none.
std::optional<std::string> snapshot_of(const std::filesystem::path &input, const driver_options &options,
                                       std::FILE *diagnostics_out)
{
    if (auto read = read_regular_file(input, options.preprocessing.limits.file_size);
        !read.failure && is_api_snapshot(read.text)) {
        return std::move(read.text);
    }
    compilation unit;
    auto model = read_model(input, options.preprocessing, unit);
    unit.diags.print(diagnostics_out, unit.sources);
    if (unit.diags.has_errors() || !model) {
        return std::nullopt;
    }
    writer_options names;
    names.source_name = input.filename().string();
    names.stem = input.stem().string();
    return write_api_snapshot(*model, names);
}

} // namespace

int dump_api(const std::filesystem::path &input, const driver_options &options, std::FILE *out,
             std::FILE *diagnostics_out)
{
    auto snapshot = snapshot_of(input, options, diagnostics_out);
    if (!snapshot) {
        return 1;
    }
    std::fputs(snapshot->c_str(), out);
    return 0;
}

int check_compat(const std::filesystem::path &old_file, const std::filesystem::path &new_file,
                 const driver_options &options, std::FILE *out, std::FILE *diagnostics_out)
{
    auto before = snapshot_of(old_file, options, diagnostics_out);
    auto after = before ? snapshot_of(new_file, options, diagnostics_out) : std::nullopt;
    if (!before || !after) {
        return 1;
    }
    const auto violations = compatibility_violations(*before, *after);
    for (const auto &line : violations) {
        fmt::print(out, "{}: {}\n", new_file.string(), line);
    }
    if (!violations.empty()) {
        fmt::print(diagnostics_out, "ucom-idl: {} is not compatible with {}: {} change{} above\n", new_file.string(),
                   old_file.string(), violations.size(), violations.size() == 1 ? "" : "s");
        return 1;
    }
    return 0;
}

} // namespace ucom::idl
