// Command hubdir runs Hubdir, the directory of an international
// technology-exchange hub, and administers its content.
//
//	hubdir serve                     # the service (loads the sample content into an empty embedded store)
//	hubdir seed [--synthetic N]      # load the sample content, or N generated needs
//	hubdir user add --email E --name N --role admin|editor [--hub TR ...] --password-stdin
//	hubdir token create --email E    # prints a new API token once
//
// Configuration comes from the environment: MONGODB_URI, MONGODB_DB,
// HUBDIR_ADDR, HUBDIR_DATA, HUBDIR_DEFAULT_LANG, HUBDIR_TRUSTED_PROXIES,
// HUBDIR_TIMEZONE, HUBDIR_EMBEDDED_ADDR, HUBDIR_INTEREST_RATE,
// HUBDIR_API_RATE, HUBDIR_SHUTDOWN_TIMEOUT, HUBDIR_SAMPLE (see
// docs/operations.md).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the park's time zone must resolve on minimal images

	"hubdir/handlers"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// usage is printed for a missing or unknown subcommand.
const usage = `usage:
  hubdir serve
  hubdir seed [--synthetic N]
  hubdir user add --email E --name N --role admin|editor [--hub TR --hub CN] --password-stdin
  hubdir token create --email E
  hubdir export FILE      (FILE "-": standard output)
  hubdir import FILE      (into an empty store; FILE "-": standard input)
`

// errUsage reports a command line that names no known command.
var errUsage = errors.New("invalid command line")

// run executes one subcommand and returns the process's exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Every line carries the request id of the request it is logged for,
	// and personal data (e-mails, phone numbers) is masked.
	// Lines are written together (logbuf.go), all of them before run
	// returns.
	logs := newLogBuffer(stderr)
	defer logs.Close()
	logger := slog.New(handlers.LogHandler(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})))
	cfg, err := configFromEnv(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "hubdir:", err)
		return 2
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		err = serve(ctx, cfg, logger)
	case "seed":
		err = seed(ctx, cfg, logger, args[1:], stdout)
	case "user":
		err = userCommand(ctx, cfg, logger, args[1:], stdin, stdout)
	case "token":
		err = tokenCommand(ctx, cfg, logger, args[1:], stdout)
	case "export":
		err = exportCommand(ctx, cfg, logger, args[1:], stdout)
	case "import":
		err = importCommand(ctx, cfg, logger, args[1:], stdin, stdout)
	default:
		err = errUsage
	}
	logs.Flush() // the log's lines before the error
	switch {
	case errors.Is(err, errUsage):
		fmt.Fprint(stderr, usage)
		return 2
	case err != nil:
		fmt.Fprintln(stderr, "hubdir:", err)
		return 1
	}
	return 0
}
