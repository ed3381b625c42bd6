// ucom-idl's compile time and peak memory on a generated IDL of 1,000 interfaces x 10
// methods (10,000 with --large), beside baselines from the same run: a copy of the IDL
// (process start and I/O), ucom-idl on 10 interfaces (its fixed cost), the C compiler's
// syntax-only parse of the header ucom-idl wrote, and Wine's widl writing its header from the
// same file (a peer, when /usr/lib/wine/widl is installed); then how the time grows with the
// number of interfaces, each size beside widl's. Runs are interleaved; each time is the
// fastest of N runs, each peak memory the largest.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include "generated_idl.hpp"
#include "measured_process.hpp"

namespace {

namespace fs = std::filesystem;

struct options {
    bool quick = false; // 10 and 100 interfaces, one run each: for ctest
    bool large = false; // also 5,000 and 10,000 interfaces, 10,000 the main case (a few s a run)
    bool keep = false;  // leave the temporary folder (IDL files and outputs) in place
    int repetitions = 0; // 0: the default (1 with --quick, else 5)
};

struct fastest_cost {
    double seconds = std::numeric_limits<double>::infinity();
    long peak_rss_kib = 0;

    void add(const bench::process_cost &cost)
    {
        seconds = std::min(seconds, cost.seconds);
        peak_rss_kib = std::max(peak_rss_kib, cost.peak_rss_kib);
    }
    double milliseconds() const { return seconds * 1e3; }
    double peak_rss_mib() const { return static_cast<double>(peak_rss_kib) / 1024.0; }
};

// Every output ucom-idl writes: what "all outputs" means in the tables.
const std::vector<std::string> all_kinds = {"header", "impl", "client", "json", "descriptor", "uses", "api"};

// One generated IDL file, what ucom-idl made of it (all outputs) and, when widl is there,
// widl's header of it.
struct idl_case {
    int interfaces = 0;
    fs::path idl;
    fs::path output_dir;
    std::uintmax_t input_bytes = 0;
    std::uintmax_t output_bytes = 0;
    fastest_cost compile;
    fastest_cost widl;

    fs::path header() const { return output_dir / (idl.stem().string() + ".h"); }
    fs::path widl_header() const { return output_dir.string() + "_widl.h"; }

};

// ucom-idl writing one kind of output for the main case: where its time and memory go.
struct emit_run {
    std::string kind;
    fs::path output_dir;
    std::uintmax_t output_bytes = 0;
    fastest_cost compile;
};

// Everything measured, each kept at its fastest.
struct measurements {
    std::vector<idl_case> cases; // by size, smallest first
    std::size_t main = 0;        // the case of the summary table
    std::vector<emit_run> by_kind;
    fastest_cost copy;    // cp of the main case's IDL
    fastest_cost c_parse; // the C compiler's syntax-only parse of the main case's header
    fs::path copy_target;
    bool widl = false; // the peer is installed

    idl_case &main_case() { return cases[main]; }
    const idl_case &main_case() const { return cases[main]; }
};

std::optional<options> parse_options(int argc, char **argv)
{
    options parsed;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--quick") {
            parsed.quick = true;
        } else if (arg == "--large") {
            parsed.large = true;
        } else if (arg == "--keep") {
            parsed.keep = true;
        } else if (arg.starts_with("--repetitions=")) {
            parsed.repetitions = std::atoi(argv[i] + std::string_view("--repetitions=").size());
            if (parsed.repetitions < 1) {
                return std::nullopt;
            }
        } else {
            return std::nullopt;
        }
    }
    return parsed;
}

std::optional<fs::path> make_temp_folder()
{
    std::string pattern = (fs::temp_directory_path() / "ucom_idl_bench.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        return std::nullopt;
    }
    return fs::path(pattern);
}

idl_case write_case(const fs::path &folder, int interfaces)
{
    idl_case result;
    result.interfaces = interfaces;
    result.idl = folder / fmt::format("bench_{}.idl", interfaces);
    result.output_dir = folder / fmt::format("out_{}", interfaces);
    const std::string text = bench::generated_idl(interfaces);
    std::ofstream(result.idl, std::ios::binary) << text;
    result.input_bytes = text.size();
    return result;
}

std::vector<std::string> ucom_idl_command(const fs::path &idl, const fs::path &output_dir,
                                          const std::vector<std::string> &kinds)
{
    std::vector<std::string> command = {UCOM_IDL_PATH};
    for (const std::string &kind : kinds) {
        command.insert(command.end(), {"--emit", kind});
    }
    command.insert(command.end(), {"-o", output_dir.string(), idl.string()});
    return command;
}

// widl reads the same file with the same imports (ucom's unknwn.idl) and writes its header,
// the one output it has in common with ucom-idl.
std::vector<std::string> widl_command(const idl_case &c)
{
    return {WIDL_PATH, "-h", "-o", c.widl_header().string(), "-I", UCOM_IDL_DIR, c.idl.string()};
}

std::vector<std::string> c_parse_command(const idl_case &c)
{
    return {BENCH_C_COMPILER,
            "-fsyntax-only",
            "-std=c99",
            "-x",
            "c",
            "-I",
            c.output_dir.string(),
            "-I",
            UCOM_RUNTIME_INCLUDE_DIR,
            "-I",
            UCOM_ABI_INCLUDE_DIR,
            c.header().string()};
}

std::uintmax_t folder_bytes(const fs::path &folder)
{
    std::uintmax_t total = 0;
    for (const fs::directory_entry &entry : fs::directory_iterator(folder)) {
        total += entry.file_size();
    }
    return total;
}

bool run_into(const std::vector<std::string> &command, fastest_cost &cost)
{
    const std::optional<bench::process_cost> measured = bench::run_measured(command);
    if (!measured) {
        std::string line;
        for (const std::string &arg : command) {
            line += ' ';
            line += arg;
        }
        fmt::print(stderr, "ucom_idl_compile_bench: failed:{}\n", line);
        return false;
    }
    cost.add(*measured);
    return true;
}

// ucom-idl skips writing a file whose content is unchanged: its outputs are removed before
// each run, so that every run writes.
bool compile_into(const fs::path &idl, const fs::path &output_dir, const std::vector<std::string> &kinds,
                  fastest_cost &cost)
{
    fs::remove_all(output_dir);
    return run_into(ucom_idl_command(idl, output_dir, kinds), cost);
}

// One repetition: every measurement once, so that a noisy moment hits one of each, not all
// of one.
bool run_once(measurements &m)
{
    idl_case &main_case = m.main_case();
    if (!run_into({"cp", main_case.idl.string(), m.copy_target.string()}, m.copy)) {
        return false;
    }
    for (idl_case &c : m.cases) {
        if (!compile_into(c.idl, c.output_dir, all_kinds, c.compile)) {
            return false;
        }
        if (m.widl && !run_into(widl_command(c), c.widl)) {
            return false;
        }
    }
    for (emit_run &run : m.by_kind) {
        if (!compile_into(main_case.idl, run.output_dir, {run.kind}, run.compile)) {
            return false;
        }
    }
    return run_into(c_parse_command(main_case), m.c_parse);
}

std::string bytes_text(std::uintmax_t bytes)
{
    return fmt::format("{}", bytes);
}

void print_row(std::string_view label, int interfaces, std::string_view input, std::string_view output,
               const fastest_cost &cost, const fastest_cost &c_parse)
{
    fmt::print("{:<40} {:>10} {:>8} {:>12} {:>12} {:>9.2f} {:>9.1f} {:>9.2f} {:>13.2f}\n", label, interfaces,
               interfaces * bench::methods_per_interface, input, output, cost.milliseconds(), cost.peak_rss_mib(),
               cost.seconds / c_parse.seconds, cost.seconds * 1e6 / interfaces);
}

void print_summary(const measurements &m, int repetitions)
{
    const idl_case &small_case = m.cases.front();
    const idl_case &main_case = m.main_case();
    const std::string compiler = fs::path(BENCH_C_COMPILER).filename().string();
    fmt::print("ucom-idl compile benchmark (fastest of {} interleaved runs; peak RSS: the largest of them)\n",
               repetitions);
    fmt::print("{:<40} {:>10} {:>8} {:>12} {:>12} {:>9} {:>9} {:>9} {:>13}\n", "run", "interfaces", "methods",
               "input bytes", "output bytes", "ms", "peak MiB", "/ C parse", "us/interface");
    print_row("cp of the IDL (floor)", main_case.interfaces, bytes_text(main_case.input_bytes), "-", m.copy, m.c_parse);
    print_row("ucom-idl, all outputs (fixed cost)", small_case.interfaces, bytes_text(small_case.input_bytes),
              bytes_text(small_case.output_bytes), small_case.compile, m.c_parse);
    print_row("ucom-idl, all outputs", main_case.interfaces, bytes_text(main_case.input_bytes),
              bytes_text(main_case.output_bytes), main_case.compile, m.c_parse);
    for (const emit_run &run : m.by_kind) {
        print_row(fmt::format("ucom-idl --emit {}", run.kind), main_case.interfaces, bytes_text(main_case.input_bytes),
                  bytes_text(run.output_bytes), run.compile, m.c_parse);
    }
    if (m.widl) {
        print_row("widl -h (peer: its header only)", main_case.interfaces, bytes_text(main_case.input_bytes),
                  bytes_text(fs::file_size(main_case.widl_header())), main_case.widl, m.c_parse);
    }
    print_row(fmt::format("{} -fsyntax-only -std=c99 of the .h", compiler), main_case.interfaces,
              bytes_text(fs::file_size(main_case.header())), "-", m.c_parse, m.c_parse);
    fmt::print("all outputs: --emit each of {}; / C parse: time over {}'s on the {}-interface header\n",
               fmt::join(all_kinds, ", "), compiler, main_case.interfaces);
    if (m.widl) {
        fmt::print("ucom-idl over widl, {} interfaces: all outputs {:.2f}x, header alone {:.2f}x\n",
                   main_case.interfaces, main_case.compile.seconds / main_case.widl.seconds,
                   m.by_kind.front().compile.seconds / main_case.widl.seconds);
    } else {
        fmt::print("widl: skipped, {} is not installed (Debian: wine64-tools)\n", WIDL_PATH);
    }
}

void print_scaling(const std::vector<idl_case> &cases, bool widl)
{
    const idl_case &smallest = cases.front();
    fmt::print("\nscaling of ucom-idl, all outputs, with the number of interfaces ({} methods each){}\n",
               bench::methods_per_interface, widl ? ", beside widl -h on the same file" : "");
    fmt::print("{:>10} {:>12} {:>12} {:>9} {:>9} {:>13} {:>22} {:>9} {:>10} {:>10}\n", "interfaces", "input bytes",
               "output bytes", "ms", "peak MiB", "us/interface", fmt::format("us/interface over {}", smallest.interfaces),
               "widl ms", "widl MiB", "/ widl");
    for (const idl_case &c : cases) {
        const std::string marginal = &c == &smallest
                                         ? std::string("-")
                                         : fmt::format("{:.2f}", (c.compile.seconds - smallest.compile.seconds) * 1e6 /
                                                                     (c.interfaces - smallest.interfaces));
        const auto peer = [&](auto value) { return widl ? fmt::format("{:.2f}", value) : std::string("-"); };
        fmt::print("{:>10} {:>12} {:>12} {:>9.2f} {:>9.1f} {:>13.2f} {:>22} {:>9} {:>10} {:>10}\n", c.interfaces,
                   c.input_bytes, c.output_bytes, c.compile.milliseconds(), c.compile.peak_rss_mib(),
                   c.compile.seconds * 1e6 / c.interfaces, marginal, peer(c.widl.milliseconds()),
                   peer(c.widl.peak_rss_mib()), peer(c.compile.seconds / c.widl.seconds));
    }
}

int run(const options &opts, const fs::path &folder)
{
    std::vector<int> sizes = opts.quick ? std::vector<int>{10, 100} : std::vector<int>{10, 100, 1000};
    if (opts.large) {
        sizes.insert(sizes.end(), {5000, 10000});
    }
    const int main_size = opts.quick ? 100 : opts.large ? 10000 : 1000;
    const int repetitions = opts.repetitions > 0 ? opts.repetitions : opts.quick ? 1 : 5;

    measurements m;
    for (const int size : sizes) {
        if (size == main_size) {
            m.main = m.cases.size();
        }
        m.cases.push_back(write_case(folder, size));
    }
    for (const std::string &kind : all_kinds) {
        m.by_kind.push_back({kind, folder / fmt::format("out_{}_{}", main_size, kind), 0, {}});
    }
    m.copy_target = folder / "copy.idl";
    m.widl = access(WIDL_PATH, X_OK) == 0;
    for (int repetition = 0; repetition < repetitions; ++repetition) {
        if (!run_once(m)) {
            return 1;
        }
    }
    for (idl_case &c : m.cases) {
        c.output_bytes = folder_bytes(c.output_dir);
    }
    for (emit_run &run : m.by_kind) {
        run.output_bytes = folder_bytes(run.output_dir);
    }
    print_summary(m, repetitions);
    print_scaling(m.cases, m.widl);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    const std::optional<options> opts = parse_options(argc, argv);
    if (!opts) {
        fmt::print(stderr, "usage: ucom_idl_compile_bench [--quick] [--large] [--keep] [--repetitions=N]\n"
                           "  --quick  10 and 100 interfaces, one run (checks that it works; times mean little)\n"
                           "  --large  also 5,000 and 10,000 interfaces; 10,000 is then the main case\n"
                           "  --keep   leave the generated IDL files and ucom-idl's outputs in the temporary folder\n"
                           "  --repetitions=N  interleaved runs of each measurement (default 5; 1 with --quick)\n");
        return 2;
    }
    const std::optional<fs::path> folder = make_temp_folder();
    if (!folder) {
        fmt::print(stderr, "ucom_idl_compile_bench: cannot create a temporary folder\n");
        return 1;
    }
    const int status = run(*opts, *folder);
    std::fflush(stdout);
    if (opts->keep || status != 0) {
        fmt::print(stderr, "ucom_idl_compile_bench: files kept in {}\n", folder->string());
    } else {
        std::error_code ignored;
        fs::remove_all(*folder, ignored);
    }
    return status;
}
