namespace AlexNetMl.Contract.Programs;

/// <summary>Exit codes of every AlexNetMl program (sysexits-style where one exists).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>
    /// The user's to fix: bad arguments, unusable input files, unreadable images, settings under which training
    /// diverged or an asked-for int8 model missed its test, a full disk or a read-only folder. One line on stderr says
    /// what, where and how to fix it.
    /// </summary>
    public const int BadInput = 2;

    /// <summary>The native runtime (libtorch) cannot be loaded on this machine.</summary>
    public const int Environment = 3;

    /// <summary>An internal error (a bug): one line on stderr names the log file holding the exception (EX_SOFTWARE).</summary>
    public const int InternalError = 70;

    /// <summary>Stopped by Ctrl+C (SIGINT) after saving a checkpoint: 128 + 2.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM after saving a checkpoint: 128 + 15, what service managers expect.</summary>
    public const int Terminated = 143;
}
