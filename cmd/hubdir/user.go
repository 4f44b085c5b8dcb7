package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"hubdir/content"
	"hubdir/content/workspace"
)

// hubList is a repeatable --hub flag.
type hubList []string

func (h *hubList) String() string { return strings.Join(*h, ",") }

func (h *hubList) Set(s string) error {
	*h = append(*h, strings.ToUpper(strings.TrimSpace(s)))
	return nil
}

// userCommand runs "hubdir user add": a new staff member whose password is
// read from standard input, never from the command line.
func userCommand(ctx context.Context, cfg Config, logger *slog.Logger, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return errUsage
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	var in content.StaffInput
	var hubs hubList
	fs.StringVar(&in.Email, "email", "", "the staff member's email")
	fs.StringVar(&in.Name, "name", "", "the staff member's name")
	fs.StringVar(&in.Role, "role", "", "admin or editor")
	fs.Var(&hubs, "hub", "a hub the staff member manages (repeatable)")
	passwordStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 || !*passwordStdin {
		return errUsage
	}
	in.Hubs = hubs
	password, err := bufio.NewReader(io.LimitReader(stdin, 1024)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	password = strings.TrimRight(password, "\r\n")
	if err := content.CheckPassword(password); err != nil {
		return passwordError(err)
	}
	st, closeStore, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	ws := workspace.New(workspace.Config{Store: st, Logger: logger})
	s, err := ws.AddStaff(ctx, nil, content.ChannelCLI, &in, password)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "added %s (%s)\n", s.Email, s.Role)
	return nil
}

// tokenCommand runs "hubdir token create": prints a new API token once.
func tokenCommand(ctx context.Context, cfg Config, logger *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errUsage
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	email := fs.String("email", "", "the staff member's email")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 || *email == "" {
		return errUsage
	}
	st, closeStore, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	ws := workspace.New(workspace.Config{Store: st, Logger: logger})
	token, err := ws.CreateToken(ctx, nil, content.ChannelCLI, strings.ToLower(*email))
	if err != nil {
		return describe(err)
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// describe spells out a validation error's fields for the terminal.
func describe(err error) error {
	var cerr *content.Error
	if errors.As(err, &cerr) && len(cerr.Fields) > 0 {
		return fmt.Errorf("%s: %s", cerr.Message, cerr.Fields)
	}
	return err
}

// passwordError says which rule of the password policy a password breaks.
func passwordError(err error) error {
	var cerr *content.Error
	if errors.As(err, &cerr) {
		switch cerr.Fields["password"].Rule {
		case content.RuleTooShort:
			return fmt.Errorf("the password must have at least %d characters", content.MinPassword)
		case content.RuleTooLong:
			return fmt.Errorf("the password may have at most %d characters", content.MaxPassword)
		case content.RuleInvalidUTF8:
			return errors.New("the password is not valid UTF-8 text")
		}
	}
	return describe(err)
}
