return await HaDaemon.Hosting.DaemonProgram.RunAsync(args);
