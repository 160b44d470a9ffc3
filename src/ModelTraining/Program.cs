using DenoiseApi.Training.Cli;

return TrainerCommandLine.Build().Parse(args).Invoke();
