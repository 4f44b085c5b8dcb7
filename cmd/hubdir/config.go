package main

import "hubdir/handlers"

// Config is the service's configuration: the one struct of
// handlers/deps, read from the environment.
type Config = handlers.Config

// configFromEnv builds the configuration, checking every value.
func configFromEnv(getenv func(string) string) (Config, error) { return handlers.ConfigFromEnv(getenv) }
