/* The commands of etlctl, one per file in src/cmd/ (git's builtin/ layout). Each takes the arguments
 * after its name (argv[0] is the command's name) and returns the process exit status:
 * 0 success, 1 failure, 2 invalid input or usage. */
#ifndef ETLCTL_CMD_H
#define ETLCTL_CMD_H

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

int cmd_synth(int argc, char **argv);
int cmd_local(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_bootstrap(int argc, char **argv);
int cmd_deploy(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_produce(int argc, char **argv);
int cmd_results(int argc, char **argv);


#endif
