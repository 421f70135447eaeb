/*
 * crimesh-pause: the infra process of a pod that shares one PID namespace (PID mode POD).
 *
 * Run by the gateway as "crimesh-pause". It unshares a new PID namespace and forks; the child is PID 1
 * there, in its own session, with stdio on /dev/null, and prints nothing. The parent prints the child's
 * PID (as the gateway's namespace sees it) on stdout and exits 0, so the child outlives its starter and
 * the gateway. PID 1 reaps every child that the pod's containers orphan, and exits 0 on SIGTERM or SIGINT.
 * Built static (gcc -static) so it needs nothing from an image.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_signal(int sig) { (void)sig; }

static void quiet_stdio(void)
{
    int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        _exit(1);
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    if (fd > 2)
        close(fd);
}

static int run_as_init(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, NULL);

    /* PID 1 ignores signals it has no handler for, so give each one a handler; they stay blocked and
       arrive through sigwaitinfo. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGCHLD, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(&set, &info);
        if (sig < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        if (sig == SIGTERM || sig == SIGINT)
            return 0;
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        puts("crimesh-pause 1");
        return 0;
    }
    if (unshare(CLONE_NEWPID) != 0) {
        fprintf(stderr, "crimesh-pause: unshare(CLONE_NEWPID): %s\n", strerror(errno));
        return 1;
    }
    pid_t child = fork();
    if (child < 0) {
        fprintf(stderr, "crimesh-pause: fork: %s\n", strerror(errno));
        return 1;
    }
    if (child == 0) {
        setsid();
        quiet_stdio();
        return run_as_init();
    }
    printf("%d\n", (int)child);
    return fflush(stdout) == 0 ? 0 : 1;
}
