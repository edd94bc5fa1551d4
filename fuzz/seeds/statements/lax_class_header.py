class Ae 
 :lfass
