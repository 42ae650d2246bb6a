using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>Image files made from dataset images, for the tests of the image paths.</summary>
internal static class TestImages
{
    /// <summary>Saves test image <paramref name="index"/> as an 8-bit grey 28×28 PNG at <paramref name="path"/>.</summary>
    public static string SaveTestImagePng(string path, int index)
    {
        using Image<L8> image = Image.LoadPixelData<L8>(SharedData.Test.Image(index), 28, 28);
        image.SaveAsPng(path);
        return path;
    }
}
