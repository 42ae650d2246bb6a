using System.IO.Compression;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp;

namespace AlexNetMl.Tests.Build;

/// <summary>
/// Apps take the classifier the .NET way: <c>dotnet pack</c> makes AlexNetMl.Inference (with its XML docs and README)
/// and the libraries it depends on, and a throwaway console app that references the package from a local folder feed,
/// not the project, loads a model and classifies an image.
/// </summary>
[TestClass]
public sealed class PackageTests
{
    private static readonly string[] Libraries = [Path.Combine("Contract", "AlexNetMl.Contract.csproj"), Path.Combine("Pipeline", "AlexNetMl.Pipeline.csproj"), Path.Combine("Inference", "Classifier", "AlexNetMl.Inference.csproj")];

    [TestMethod]
    public void ThePackedClassifier_ClassifiesAnImage_InAnAppThatReferencesOnlyThePackage()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        // A version of its own, so the NuGet cache never hands the app a package packed by an earlier run.
        string version = $"1.0.0-test.{Guid.NewGuid():N}"[..24];
        string feed = temp.File("feed");
        foreach (string library in Libraries)
        {
            Dotnet(TestPaths.RepositoryRoot, "pack", Path.Combine(TestPaths.RepositoryRoot, library), "-c", "Release", "-o", feed, $"-p:Version={version}", "--artifacts-path", temp.File("artifacts"));
        }

        string package = Path.Combine(feed, $"AlexNetMl.Inference.{version}.nupkg");
        using (ZipArchive nupkg = ZipFile.OpenRead(package))
        {
            string[] entries = [.. nupkg.Entries.Select(e => e.FullName)];
            CollectionAssert.Contains(entries, "README.md");
            CollectionAssert.Contains(entries, "lib/net10.0/AlexNetMl.Inference.xml", "XML docs travel with the package");
        }

        string app = WriteApp(temp.File("app"), feed, version);
        string model = temp.File("oracle.onnx");
        File.WriteAllBytes(model, OracleModel.Build(side: FashionMnistImage.Side));
        string image = temp.File("grey80.png");
        using (var grey = new Image<L8>(FashionMnistImage.Side, FashionMnistImage.Side, new L8(4 * OracleModel.GreyStep)))
        {
            grey.SaveAsPng(image);
        }

        string output = Dotnet(app, "run", "--project", app, "--", model, image);

        // The oracle's class for grey 20·k is k: grey 80 is class 4, Fashion-MNIST's "Coat".
        Assert.Contains($"4 {FashionMnistClasses.Names[4]}", output);
        foreach (string library in Libraries)
        {
            // The test's own pre-release of each package leaves the NuGet cache as it found it.
            Directory.Delete(Path.Combine(NuGetCache, Path.GetFileNameWithoutExtension(library).ToLowerInvariant(), version), recursive: true);
        }
    }

    private static string NuGetCache => Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string WriteApp(string folder, string feed, string version)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AlexNetMl.Inference" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            using AlexNetMl.Inference.Classification;

            using var classifier = new FashionClassifier(new FashionClassifierOptions { ModelPath = args[0] });
            FashionPrediction prediction = classifier.Predict(args[1]);
            Console.WriteLine($"{prediction.ClassIndex} {prediction.ClassName}");
            """);
        return folder;
    }

    private static string Dotnet(string workingDirectory, params string[] arguments)
    {
        (int exit, string log) = ChildProgram.Run("dotnet", arguments, environment: null, TimeSpan.FromMinutes(8), workingDirectory);
        Assert.AreEqual(0, exit, $"dotnet {string.Join(' ', arguments)}:\n{log}");
        return log;
    }
}
