// Replacing a file whole: the new content goes to a fresh temporary file in the target's
// folder, is synced, renamed over the target, and the folder is synced, so a reader or a
// crash sees the old file or the new one, never part of either. The bottom library that
// both the IDL compiler and the registry link; it depends on no other part of ucom.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <sys/stat.h>
#include <sys/types.h>

#include <tl/expected.hpp>

namespace ucom::atomic_file {

// Why a write failed: the step that failed, the path it concerned and the errno it met.
struct write_failure {
    std::filesystem::path target; // the file being replaced
    std::filesystem::path path;   // what the failing step touched: the target, the temp file or the folder
    std::string doing;            // "create a temporary file in", "write", "replace", "stat", "open", "sync", "read"
    int code = 0;                 // errno

    // "<path>: cannot <doing>: <strerror(code)>"
    [[nodiscard]] std::string message() const;
};

template <typename T>
using write_result = tl::expected<T, write_failure>;

// The permission bits of a new file: exactly `bits` (umask not applied), or, without them,
// those of a newly created file (0666 less the umask).
using file_mode = std::optional<mode_t>;

// New content written and synced beside its target, not yet in place. The temporary file is
// named `.<target's name>.XXXXXX` (six random characters) and created exclusively: no file or
// symbolic link that already has a name there, another user's included, is opened or
// followed. Destroying a staged file that was not put in place removes its temporary file.
// Not thread-safe; one thread owns one staged file.
class staged_file {
public:
    // Fails before creating anything when the target is a folder (EISDIR, "replace").
    static write_result<staged_file> stage(const std::filesystem::path &target, std::string_view text,
                                           file_mode mode = std::nullopt);

    // The same written in pieces: open() creates the empty temporary file, append() adds to
    // it, finish() syncs it; only a finished file may be renamed into place. While it is
    // written, the kernel is asked to start writing back what is already there, so that the
    // final sync of a large file waits for little.
    static write_result<staged_file> open(const std::filesystem::path &target, file_mode mode = std::nullopt);
    write_result<void> append(std::string_view text);
    write_result<void> finish();

    staged_file(staged_file &&other) noexcept;
    staged_file &operator=(staged_file &&other) noexcept;
    staged_file(const staged_file &) = delete;
    staged_file &operator=(const staged_file &) = delete;
    ~staged_file();

    // Renames the temporary file over the target; returns the status of the file renamed
    // into place, taken through its descriptor after the rename: the file this call wrote,
    // whatever the path names by then. The folder is not synced yet (sync_folder).
    write_result<struct stat> rename_into_place();

    // rename_into_place, then the folder synced so that the rename itself is durable.
    write_result<struct stat> commit();

    [[nodiscard]] const std::filesystem::path &target() const { return target_; }

private:
    staged_file(std::filesystem::path target, std::filesystem::path temp, int fd);
    void discard() noexcept;

    std::filesystem::path target_;
    std::filesystem::path temp_;
    int fd_ = -1;
    bool renamed_ = false;
    std::uint64_t written_ = 0;   // bytes appended so far
    std::uint64_t writeback_ = 0; // of which the kernel was asked to write back
};

// Syncs a folder, making the renames done in it durable.
write_result<void> sync_folder(const std::filesystem::path &folder);

// Stages, commits: `text` becomes the whole of `target`. Returns the status of the file
// renamed into place (staged_file::rename_into_place). On failure the target is as it was
// and no temporary file is left.
write_result<struct stat> replace_file(const std::filesystem::path &target, std::string_view text,
                                       file_mode mode = std::nullopt);

// One of several files to replace together.
struct file_content {
    std::filesystem::path path;
    std::string_view text;
};

enum class rewrite : unsigned char {
    always,
    if_changed, // a file that already holds exactly its text is left alone, its mtime too
};

// Several files replaced as one step, staged one at a time: a caller that makes the texts
// one after the other can release each once it is staged, so the set never holds all of
// them in memory. Nothing is renamed before commit(); destroying the set before then removes
// every temporary file and changes no target. Not thread-safe.
class staged_set {
public:
    explicit staged_set(rewrite when = rewrite::always, file_mode mode = std::nullopt) : when_(when), mode_(mode) {}
    staged_set(const staged_set &) = delete;
    staged_set &operator=(const staged_set &) = delete;
    ~staged_set();

    // Stages `text` as the next content of `path` (nothing, under if_changed, when the file
    // already holds exactly it). The failure names the target.
    write_result<void> add(const std::filesystem::path &path, std::string_view text);

    // The same for a text that comes in pieces, so that it is never held whole: begin() starts
    // the next file, append() adds each piece in order, end() stages it. Under if_changed the
    // pieces are compared with the file already there as they come, and nothing is written
    // until one differs. Failures name the target; after one, the set is only to be dropped.
    write_result<void> begin(const std::filesystem::path &path);
    write_result<void> append(std::string_view text);
    write_result<void> end();

    // Renames every staged file into place, then syncs each folder once.
    write_result<void> commit();

private:
    write_result<void> start_writing();

    std::vector<staged_file> staged_;
    rewrite when_;
    file_mode mode_;
    // The file between begin() and end(): its target, the temporary file once something
    // differs (or always, without if_changed), and the old file while it is still the same.
    std::filesystem::path current_;
    std::optional<staged_file> writing_;
    int old_fd_ = -1;
    std::uint64_t matched_ = 0; // bytes of the old file equal to the pieces so far
};

// Replaces several files as one step, as far as a file system allows: every file is staged
// before any is renamed, so the usual failures (a full disk, a folder where a file should
// be, a folder that may not be written) change none of them; only a rename failing after
// others succeeded leaves some replaced. Each folder is synced once, after the renames.
// The failure names the target it concerned; no temporary file is left.
write_result<void> replace_files(std::span<const file_content> files, rewrite when = rewrite::always,
                                 file_mode mode = std::nullopt);

} // namespace ucom::atomic_file
