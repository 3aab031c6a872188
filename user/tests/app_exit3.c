/* `exit3`: ends with exit code 3 and says nothing. */
int main(void)
{
	return 3;
}
