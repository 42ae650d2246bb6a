namespace AlexNetMl.Export.Torch;

internal static class Probe
{
}
