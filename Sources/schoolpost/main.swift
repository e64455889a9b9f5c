print("schoolpost")
