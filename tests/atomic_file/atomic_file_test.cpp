// Replacing files whole: the target holds the old text or the new, no temporary file is left
// behind, a name planted in the folder is never followed, and a set of files is staged
// before any is replaced.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <ucom/atomic_file/atomic_file.hpp>

namespace {

namespace fs = std::filesystem;
using namespace ucom::atomic_file;

class scratch_folder {
public:
    scratch_folder()
    {
        std::string pattern = (fs::temp_directory_path() / "ucom-atomic-file-test-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed for " + pattern);
        }
        path_ = pattern;
    }
    ~scratch_folder()
    {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    scratch_folder(const scratch_folder &) = delete;
    scratch_folder &operator=(const scratch_folder &) = delete;

    [[nodiscard]] fs::path operator/(const fs::path &name) const { return path_ / name; }

    // The names in the folder, hidden ones (temporary files) included.
    [[nodiscard]] std::set<std::string> entries() const
    {
        std::set<std::string> names;
        for (const auto &entry : fs::directory_iterator(path_)) {
            names.insert(entry.path().filename().string());
        }
        return names;
    }

private:
    fs::path path_;
};

std::string read_file(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path &file, const std::string &text)
{
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

mode_t permission_bits(const fs::path &file)
{
    struct stat status {};
    REQUIRE(::lstat(file.c_str(), &status) == 0);
    return status.st_mode & 07777;
}

} // namespace

TEST_CASE("replace_file creates a missing file with the text and leaves no temporary file")
{
    const scratch_folder scratch;
    const auto written = replace_file(scratch / "out.txt", "hello\n");
    REQUIRE(written.has_value());
    CHECK(read_file(scratch / "out.txt") == "hello\n");
    CHECK(scratch.entries() == std::set<std::string>{"out.txt"});
}

TEST_CASE("replace_file replaces the target whole, a longer old text included")
{
    const scratch_folder scratch;
    write_file(scratch / "out.txt", std::string(100000, 'x'));
    REQUIRE(replace_file(scratch / "out.txt", "short").has_value());
    CHECK(read_file(scratch / "out.txt") == "short");
    CHECK(scratch.entries() == std::set<std::string>{"out.txt"});
}

TEST_CASE("replace_file returns the status of the file it renamed into place")
{
    const scratch_folder scratch;
    const auto written = replace_file(scratch / "out.txt", "text");
    REQUIRE(written.has_value());
    struct stat now {};
    REQUIRE(::stat((scratch / "out.txt").c_str(), &now) == 0);
    CHECK(written->st_ino == now.st_ino);
    CHECK(written->st_dev == now.st_dev);
    CHECK(written->st_size == 4);
    CHECK(written->st_ctim.tv_sec == now.st_ctim.tv_sec);
    CHECK(written->st_ctim.tv_nsec == now.st_ctim.tv_nsec);
}

TEST_CASE("replace_file gives the file exactly the bits asked for, or a new file's bits under the umask")
{
    const scratch_folder scratch;
    REQUIRE(replace_file(scratch / "exact.txt", "a", mode_t{0640}).has_value());
    CHECK(permission_bits(scratch / "exact.txt") == 0640);

    const mode_t mask = ::umask(027);
    REQUIRE(replace_file(scratch / "default.txt", "b").has_value());
    ::umask(mask);
    CHECK(permission_bits(scratch / "default.txt") == 0640);
}

TEST_CASE("replace_file over a folder fails naming it, before creating anything")
{
    const scratch_folder scratch;
    fs::create_directory(scratch / "out.txt");
    const auto written = replace_file(scratch / "out.txt", "text");
    REQUIRE_FALSE(written.has_value());
    CHECK(written.error().target == scratch / "out.txt");
    CHECK(written.error().code == EISDIR);
    CHECK(written.error().message() == (scratch / "out.txt").string() + ": cannot replace: Is a directory");
    CHECK(fs::is_directory(scratch / "out.txt"));
    CHECK(scratch.entries() == std::set<std::string>{"out.txt"});
}

TEST_CASE("replace_file in a folder that does not exist fails naming the folder")
{
    const scratch_folder scratch;
    const auto written = replace_file(scratch / "missing" / "out.txt", "text");
    REQUIRE_FALSE(written.has_value());
    CHECK(written.error().path == scratch / "missing");
    CHECK(written.error().code == ENOENT);
    CHECK(written.error().message() ==
          (scratch / "missing").string() + ": cannot create a temporary file in: No such file or directory");
}

TEST_CASE("A staged file whose rename fails leaves the target as it was and no temporary file")
{
    const scratch_folder scratch;
    {
        auto staged = staged_file::stage(scratch / "out.txt", "new");
        REQUIRE(staged.has_value());
        CHECK(scratch.entries().size() == 1); // the temporary file
        // A folder appears at the target between the stage and the rename.
        fs::create_directories(scratch / "out.txt" / "inside");
        const auto renamed = staged->commit();
        REQUIRE_FALSE(renamed.has_value());
        CHECK(renamed.error().doing == "replace");
        CHECK(renamed.error().path == scratch / "out.txt");
    }
    CHECK(fs::is_directory(scratch / "out.txt" / "inside"));
    CHECK(scratch.entries() == std::set<std::string>{"out.txt"});
}

TEST_CASE("A staged file that is never committed leaves the target as it was and no temporary file")
{
    const scratch_folder scratch;
    write_file(scratch / "out.txt", "old");
    {
        auto staged = staged_file::stage(scratch / "out.txt", "new");
        REQUIRE(staged.has_value());
        auto moved = std::move(*staged);
        CHECK(scratch.entries().size() == 2);
    }
    CHECK(read_file(scratch / "out.txt") == "old");
    CHECK(scratch.entries() == std::set<std::string>{"out.txt"});
}

TEST_CASE("The temporary file is hidden and named after the target, as readers of the folder expect")
{
    const scratch_folder scratch;
    auto staged = staged_file::stage(scratch / "registry.toml", "text");
    REQUIRE(staged.has_value());
    const auto names = scratch.entries();
    REQUIRE(names.size() == 1);
    const std::string temp = *names.begin();
    CHECK(temp.rfind(".registry.toml.", 0) == 0);
    CHECK(temp.size() == std::string(".registry.toml.").size() + 6);
}

TEST_CASE("A symbolic link planted at the predictable name <file>.tmp<pid> is not followed")
{
    const scratch_folder scratch;
    fs::create_directory(scratch / "elsewhere");
    write_file(scratch / "elsewhere" / "victim", "the victim's text");
    const fs::path target = scratch / "out.h";
    const fs::path planted = scratch / ("out.h.tmp" + std::to_string(::getpid()));
    fs::create_symlink(scratch / "elsewhere" / "victim", planted);

    const std::vector<file_content> files = {{target, "generated"}};
    REQUIRE(replace_files(files).has_value());
    CHECK(read_file(target) == "generated");
    CHECK(fs::is_regular_file(fs::symlink_status(target)));
    CHECK(read_file(scratch / "elsewhere" / "victim") == "the victim's text");
    CHECK(fs::is_symlink(planted));
    CHECK(scratch.entries() == std::set<std::string>{"elsewhere", "out.h", planted.filename().string()});
}

TEST_CASE("A symbolic link at the target is replaced by the file, not written through")
{
    const scratch_folder scratch;
    write_file(scratch / "victim", "the victim's text");
    fs::create_symlink(scratch / "victim", scratch / "out.txt");
    REQUIRE(replace_file(scratch / "out.txt", "new").has_value());
    CHECK(fs::is_regular_file(fs::symlink_status(scratch / "out.txt")));
    CHECK(read_file(scratch / "out.txt") == "new");
    CHECK(read_file(scratch / "victim") == "the victim's text");
}

TEST_CASE("replace_files with a folder among the targets changes none of them and names that folder")
{
    const scratch_folder scratch;
    write_file(scratch / "a.h", "old a");
    fs::create_directory(scratch / "b.h");
    write_file(scratch / "c.h", "old c");
    const std::vector<file_content> files = {{scratch / "a.h", "new a"}, {scratch / "b.h", "new b"},
                                             {scratch / "c.h", "new c"}};
    const auto written = replace_files(files);
    REQUIRE_FALSE(written.has_value());
    CHECK(written.error().target == scratch / "b.h");
    CHECK(read_file(scratch / "a.h") == "old a");
    CHECK(read_file(scratch / "c.h") == "old c");
    CHECK(scratch.entries() == std::set<std::string>{"a.h", "b.h", "c.h"});
}

TEST_CASE("replace_files writes every file of the set")
{
    const scratch_folder scratch;
    fs::create_directory(scratch / "sub");
    const std::vector<file_content> files = {{scratch / "a.h", "a"}, {scratch / "sub" / "b.h", "b"}};
    REQUIRE(replace_files(files).has_value());
    CHECK(read_file(scratch / "a.h") == "a");
    CHECK(read_file(scratch / "sub" / "b.h") == "b");
    CHECK(scratch.entries() == std::set<std::string>{"a.h", "sub"});
}

TEST_CASE("replace_files if_changed leaves a file holding its text alone, its modification time too")
{
    const scratch_folder scratch;
    write_file(scratch / "same.h", "same");
    write_file(scratch / "longer.h", "same and more");
    write_file(scratch / "changed.h", "old!");
    const auto long_ago = fs::file_time_type::clock::now() - std::chrono::hours(24);
    for (const char *name : {"same.h", "longer.h", "changed.h"}) {
        fs::last_write_time(scratch / name, long_ago);
    }
    struct stat before {};
    REQUIRE(::stat((scratch / "same.h").c_str(), &before) == 0);

    const std::vector<file_content> files = {
        {scratch / "same.h", "same"}, {scratch / "longer.h", "same"}, {scratch / "changed.h", "new!"}};
    REQUIRE(replace_files(files, rewrite::if_changed).has_value());
    CHECK(fs::last_write_time(scratch / "same.h") == long_ago);
    struct stat after {};
    REQUIRE(::stat((scratch / "same.h").c_str(), &after) == 0);
    CHECK(after.st_ino == before.st_ino);
    CHECK(read_file(scratch / "longer.h") == "same");
    CHECK(read_file(scratch / "changed.h") == "new!");
    CHECK(fs::last_write_time(scratch / "changed.h") != long_ago);

    REQUIRE(replace_files(files, rewrite::always).has_value());
    CHECK(fs::last_write_time(scratch / "same.h") != long_ago);
}

TEST_CASE("replace_files if_changed replaces a FIFO at a target without waiting for a writer")
{
    const scratch_folder scratch;
    REQUIRE(::mkfifo((scratch / "out.h").c_str(), 0600) == 0);
    const std::vector<file_content> files = {{scratch / "out.h", "text"}};
    REQUIRE(replace_files(files, rewrite::if_changed).has_value());
    CHECK(fs::is_regular_file(scratch / "out.h"));
    CHECK(read_file(scratch / "out.h") == "text");
}

TEST_CASE("A staged_set changes no target before commit, and dropped uncommitted leaves no temporary file")
{
    const scratch_folder scratch;
    write_file(scratch / "a.h", "old a");
    {
        staged_set set;
        REQUIRE(set.add(scratch / "a.h", "new a").has_value());
        REQUIRE(set.add(scratch / "b.h", "new b").has_value());
        CHECK(read_file(scratch / "a.h") == "old a");
        CHECK(scratch.entries().size() == 3); // a.h and the two temporary files
    }
    CHECK(read_file(scratch / "a.h") == "old a");
    CHECK(scratch.entries() == std::set<std::string>{"a.h"});

    staged_set set;
    REQUIRE(set.add(scratch / "a.h", "new a").has_value());
    REQUIRE(set.add(scratch / "b.h", "new b").has_value());
    REQUIRE(set.commit().has_value());
    CHECK(read_file(scratch / "a.h") == "new a");
    CHECK(read_file(scratch / "b.h") == "new b");
    CHECK(scratch.entries() == std::set<std::string>{"a.h", "b.h"});
}

namespace {

// Stages `pieces` as the next file of `set`, piece by piece.
void stage_in_pieces(staged_set &set, const fs::path &path, const std::vector<std::string> &pieces)
{
    REQUIRE(set.begin(path).has_value());
    for (const auto &piece : pieces) {
        REQUIRE(set.append(piece).has_value());
    }
    REQUIRE(set.end().has_value());
}

} // namespace

TEST_CASE("A staged_set takes a text in pieces, and if_changed compares them with the file as they come")
{
    const scratch_folder scratch;
    // A difference in the second piece after a matching first one: the temporary file gets
    // the matched part back from the old file.
    write_file(scratch / "late.h", "first piece, second piece");
    write_file(scratch / "same.h", "one two");
    write_file(scratch / "shorter.h", "one two three");
    write_file(scratch / "longer.h", "one");
    const auto long_ago = fs::file_time_type::clock::now() - std::chrono::hours(24);
    for (const char *name : {"late.h", "same.h", "shorter.h", "longer.h"}) {
        fs::last_write_time(scratch / name, long_ago);
    }

    staged_set set(rewrite::if_changed);
    stage_in_pieces(set, scratch / "late.h", {"first piece, ", "second piecE"});
    stage_in_pieces(set, scratch / "same.h", {"one", " two"});
    stage_in_pieces(set, scratch / "shorter.h", {"one", " two"});
    stage_in_pieces(set, scratch / "longer.h", {"one", " two"});
    stage_in_pieces(set, scratch / "new.h", {"", "fresh", ""});
    CHECK(read_file(scratch / "late.h") == "first piece, second piece"); // nothing in place before commit
    REQUIRE(set.commit().has_value());

    CHECK(read_file(scratch / "late.h") == "first piece, second piecE");
    CHECK(read_file(scratch / "same.h") == "one two");
    CHECK(fs::last_write_time(scratch / "same.h") == long_ago);
    CHECK(read_file(scratch / "shorter.h") == "one two");
    CHECK(read_file(scratch / "longer.h") == "one two");
    CHECK(read_file(scratch / "new.h") == "fresh");
    CHECK(scratch.entries() == std::set<std::string>{"late.h", "same.h", "shorter.h", "longer.h", "new.h"});
}

TEST_CASE("A staged file written in pieces holds all of them, however large")
{
    const scratch_folder scratch;
    // Past the point where writeback of the first pieces is started while more are written.
    const std::string piece(std::size_t{1} << 20, 'x');
    staged_set set;
    REQUIRE(set.begin(scratch / "big.txt").has_value());
    for (int i = 0; i < 20; ++i) {
        REQUIRE(set.append(piece).has_value());
    }
    REQUIRE(set.end().has_value());
    REQUIRE(set.commit().has_value());
    CHECK(fs::file_size(scratch / "big.txt") == 20 * piece.size());
}
