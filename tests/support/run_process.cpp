#include "run_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace canary::test {

namespace {

struct Pipe {
  int fd[2] = {-1, -1};
  Pipe() {
    if (pipe2(fd, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
  }
  ~Pipe() {
    close_end(0);
    close_end(1);
  }
  void close_end(int i) {
    if (fd[i] >= 0) ::close(fd[i]);
    fd[i] = -1;
  }
};

std::vector<std::string> child_environment(const RunOptions& options) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  for (const auto& [name, value] : options.env) {
    std::string prefix = name + "=";
    std::erase_if(env, [&](const std::string& s) { return s.compare(0, prefix.size(), prefix) == 0; });
    if (value) env.push_back(prefix + *value);
  }
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (std::string& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv_in, const RunOptions& options) {
  if (argv_in.empty()) throw std::runtime_error("run_process: empty argv");
  // The child may exit without reading all of its stdin; that must not kill us.
  ::signal(SIGPIPE, SIG_IGN);

  Pipe in, out, err;
  if (options.stdout_is_tty) {
    // Replace the stdout pipe by a pseudo-terminal: [0] is the side we read,
    // [1] the side the child writes, like a pipe.
    out.close_end(0);
    out.close_end(1);
    if (openpty(&out.fd[0], &out.fd[1], nullptr, nullptr, nullptr) != 0)
      throw std::runtime_error(std::string("openpty: ") + std::strerror(errno));
    ::fcntl(out.fd[0], F_SETFD, FD_CLOEXEC);
    ::fcntl(out.fd[1], F_SETFD, FD_CLOEXEC);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], STDERR_FILENO);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());

  std::vector<std::string> args = argv_in;
  std::vector<std::string> env = child_environment(options);
  std::vector<char*> c_args = c_strings(args);
  std::vector<char*> c_env = c_strings(env);

  pid_t pid = -1;
  int rc = posix_spawn(&pid, c_args[0], &actions, nullptr, c_args.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv_in[0] + ": " + std::strerror(rc));
  in.close_end(0);
  out.close_end(1);
  err.close_end(1);

  ProcessResult result;
  size_t written = 0;
  if (options.stdin_data.empty()) in.close_end(1);
  // Feed stdin and drain both outputs together so that no pipe fills up and
  // deadlocks the child.
  while (out.fd[0] >= 0 || err.fd[0] >= 0) {
    pollfd fds[3];
    nfds_t n = 0;
    int* owners[3];
    std::string* sinks[3];
    if (in.fd[1] >= 0) { fds[n] = {in.fd[1], POLLOUT, 0}; owners[n] = &in.fd[1]; sinks[n] = nullptr; ++n; }
    if (out.fd[0] >= 0) { fds[n] = {out.fd[0], POLLIN, 0}; owners[n] = &out.fd[0]; sinks[n] = &result.out; ++n; }
    if (err.fd[0] >= 0) { fds[n] = {err.fd[0], POLLIN, 0}; owners[n] = &err.fd[0]; sinks[n] = &result.err; ++n; }
    if (::poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    }
    for (nfds_t i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      int& fd = *owners[i];
      if (sinks[i] == nullptr) {  // child's stdin
        size_t chunk = std::min<size_t>(PIPE_BUF, options.stdin_data.size() - written);
        ssize_t w = ::write(fd, options.stdin_data.data() + written, chunk);
        if (w > 0) written += static_cast<size_t>(w);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 || written == options.stdin_data.size()) {
          ::close(fd);
          fd = -1;
        }
        continue;
      }
      char buf[65536];
      ssize_t r = ::read(fd, buf, sizeof buf);
      if (r > 0) sinks[i]->append(buf, static_cast<size_t>(r));
      else if (r == 0 || errno != EINTR) {  // a pty reports EIO once the child has exited
        ::close(fd);
        fd = -1;
      }
    }
  }
  in.close_end(1);

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
  return result;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

}  // namespace canary::test
