package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/mail"
	"os"
	"strings"
	"time"

	"akhbar/internal/auth"
	"akhbar/internal/config"
	"akhbar/internal/content"
	"akhbar/internal/store"
	"akhbar/internal/urdu"
)

// user creates newsroom users and resets their passwords. The password is
// read from standard input (one line), so it never shows in `ps` or history.
func user(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "reset") {
		return errors.New(`user: want "create" or "reset"`)
	}
	action := args[0]
	var name, role string
	var twoFactorOff bool
	cfg, rest, err := config.Load("user "+action, args[1:], os.Getenv, func(fs *flag.FlagSet) {
		if action == "create" {
			fs.StringVar(&name, "name", "", "display name, e.g. عائشہ صدیقی (default: the part of the email before @)")
			fs.StringVar(&role, "role", "admin", "admin, editor, reporter or contributor")
		}
		if action == "reset" {
			fs.BoolVar(&twoFactorOff, "two-factor-off", false, "also turn off two-factor sign-in, for a user who lost both their phone and their recovery codes")
		}
	})
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("user %s: want exactly one EMAIL argument", action)
	}
	addr, err := mail.ParseAddress(rest[0])
	if err != nil {
		return fmt.Errorf("user %s: email %q: %w", action, rest[0], err)
	}
	email := strings.ToLower(addr.Address)
	pw, err := readPassword(os.Stdin, os.Stderr)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	s, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if action == "reset" {
		u, err := s.UserByEmail(ctx, email)
		if err != nil {
			return fmt.Errorf("user reset: %w", err)
		}
		if err := s.SetPassword(ctx, u.ID, hash); err != nil {
			return err
		}
		fmt.Println("password changed for", email)
		if twoFactorOff {
			if err := s.DisableTwoFactor(ctx, u.ID); err != nil {
				return err
			}
			if err := s.Audit(ctx, store.AuditEntry{At: time.Now(), UserID: u.ID, Action: "2fa_disable", Target: "user",
				TargetID: u.ID, Detail: "akhbar user reset --two-factor-off", IP: "cli"}); err != nil {
				return err
			}
			fmt.Println("two-factor sign-in turned off for", email)
		}
		return nil
	}
	local, _, _ := strings.Cut(email, "@")
	if name == "" {
		name = local
	}
	u := content.User{Email: email, Name: content.NormalizeLabel(name), Slug: urdu.Slug(local), Role: content.Role(role), PasswordHash: hash}
	if !u.Role.Valid() {
		return fmt.Errorf("user create: unknown role %q: want admin, editor, reporter or contributor", role)
	}
	id, err := s.CreateUser(ctx, u)
	if err != nil {
		return err
	}
	fmt.Printf("created %s user %s (id %d)\n", u.Role, email, id)
	return nil
}

func readPassword(in io.Reader, prompt io.Writer) (string, error) {
	fmt.Fprint(prompt, "password (one line on standard input): ")
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", fmt.Errorf("read password: %w", err)
	}
	fmt.Fprintln(prompt)
	return strings.TrimRight(line, "\r\n"), nil
}
